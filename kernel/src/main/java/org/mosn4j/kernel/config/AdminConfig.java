package org.mosn4j.kernel.config;

/** MOSN's {@code admin}: {@code {"address": {"socket_address": {"address": ..., "port_value": ...}}}}. */
public record AdminConfig(Address address) {

    /** The {@code address} wrapper. */
    public record Address(SocketAddress socketAddress) {
    }

    /** Envoy's socket address shape. */
    public record SocketAddress(String address, Integer portValue) {
    }
}
