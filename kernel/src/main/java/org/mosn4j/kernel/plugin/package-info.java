/**
 * The plugin host: PF4J loads the plugin jars of the plugins directory, and the
 * {@link org.mosn4j.kernel.plugin.ExtensionRegistry} indexes every extension (the kernel's built-ins and the
 * plugins') by kind and {@code "type"} string. {@link org.mosn4j.kernel.plugin.PluginControl} loads, disables,
 * enables and unloads plugins at run time; each configured stream filter of a plugin reaches new streams through
 * a {@link org.mosn4j.kernel.plugin.GatedStreamFilterInstaller}, which checks the plugin's
 * {@link org.mosn4j.kernel.plugin.PluginGate} and counts the filter instances it hands out.
 */
package org.mosn4j.kernel.plugin;
