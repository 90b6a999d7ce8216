package org.mosn4j.spi.stream;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * A protocol-neutral, ordered, multi-valued map of message headers. Names match case-insensitively
 * (HTTP/1 rules); the protocol's own fields are pseudo headers named in {@link HeaderNames}, such as
 * {@code :method} and {@code :path} for HTTP and {@code service} for Dubbo.
 *
 * <p>Not thread-safe: a map belongs to one stream and is used on that stream's event loop.
 */
public interface HeaderMap {

    /** @return the first value of {@code name}, or null */
    String get(String name);

    /** @return every value of {@code name} in order; empty when absent */
    List<String> getAll(String name);

    /** @return whether {@code name} has a value */
    boolean contains(String name);

    /** Replaces every value of {@code name} with {@code value}. */
    void set(String name, String value);

    /** Adds a value after the existing ones. */
    void add(String name, String value);

    /** Removes every value of {@code name}; @return whether there was one */
    boolean remove(String name);

    /** Calls {@code action} for each name and value, in order, pseudo headers first. */
    void forEach(BiConsumer<String, String> action);

    /** @return the number of name-value pairs */
    int size();

    /** @return a copy that can change independently */
    HeaderMap copy();
}
