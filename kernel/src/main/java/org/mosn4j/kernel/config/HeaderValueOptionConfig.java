package org.mosn4j.kernel.config;

/**
 * One entry of {@code request_headers_to_add} or {@code response_headers_to_add}:
 * {@code {"header": {"key": ..., "value": ...}, "append": true}}. {@code append} (default true) adds a value
 * beside the existing ones; false replaces them.
 */
public record HeaderValueOptionConfig(Header header, Boolean append) {

    /** The header to add. */
    public record Header(String key, String value) {
    }
}
