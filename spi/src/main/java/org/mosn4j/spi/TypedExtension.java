package org.mosn4j.spi;

import org.pf4j.ExtensionPoint;

/**
 * An extension found by the {@code "type"} string a config names, such as {@code "tcp_proxy"}.
 *
 * <p>Implementations are PF4J extensions ({@code @Extension}) shipped in a plugin jar, or built into the kernel.
 * The kernel creates one instance per process at startup and calls it from any thread, so an implementation
 * must be stateless or thread-safe. Two extensions of the same kind claiming one type is a startup error.
 */
public interface TypedExtension extends ExtensionPoint {

    /**
     * The type string, matched exactly (case-sensitive, as MOSN does) against a config's {@code "type"}.
     *
     * @return a non-empty, constant string
     */
    String type();
}
