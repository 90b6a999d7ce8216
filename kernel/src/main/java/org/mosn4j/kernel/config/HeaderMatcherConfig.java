package org.mosn4j.kernel.config;

/** Matches one header (or variable) by name against a value, taken as a regex when {@code regex} is true. */
public record HeaderMatcherConfig(String name, String value, Boolean regex, String model) {
}
