package org.mosn4j.kernel.config;

/**
 * Matches one header (or variable) by name against a value: exactly, or as a regex that must match the whole
 * value when {@code regex} is true. For variables, {@code model} ({@code "and"}, the default, or {@code "or"})
 * says how this matcher combines with the next one, as in MOSN.
 */
public record HeaderMatcherConfig(String name, String value, Boolean regex, String model) {
}
