/**
 * MOSN's JSON config: immutable records bound with {@link org.mosn4j.spi.config.ConfigBinder} (Go decoding
 * rules), the loader that reads a file, and the checks that name the JSON path of every error before any
 * port is bound.
 */
package org.mosn4j.kernel.config;
