/**
 * The mosn4j kernel: {@link org.mosn4j.kernel.Mosn4jServer} assembles the four layers from a config and the
 * installed plugins; {@link org.mosn4j.kernel.Main} is the command line. Sub-packages follow a request's way
 * through: {@code network}, {@code proxy}, {@code router}, {@code upstream}; beside them {@code config},
 * {@code plugin}, {@code admin}, {@code stats} and {@code log}.
 */
package org.mosn4j.kernel;
