/**
 * The plugin host: PF4J loads the plugin jars of the plugins directory, and the
 * {@link org.mosn4j.kernel.plugin.ExtensionRegistry} indexes every extension (the kernel's built-ins and the
 * plugins') by kind and {@code "type"} string.
 */
package org.mosn4j.kernel.plugin;
