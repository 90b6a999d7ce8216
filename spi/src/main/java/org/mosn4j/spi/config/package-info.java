/**
 * Binding JSON config blocks the way MOSN (Go's {@code encoding/json}) decodes them: keys match
 * case-insensitively, durations are strings such as {@code "30s"}, and every error names its JSON path.
 */
package org.mosn4j.spi.config;
