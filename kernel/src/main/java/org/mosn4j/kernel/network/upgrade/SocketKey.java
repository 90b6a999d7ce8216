package org.mosn4j.kernel.network.upgrade;

import java.net.InetSocketAddress;

/**
 * Names a listening socket across two processes: what kind of server it is, its name, and the address its config
 * gives (before binding, so port 0 stays 0 and matches the same config in the other process). A socket is handed
 * over when both processes have the same key.
 *
 * @param kind {@link #LISTENER}, {@link #ADMIN} or {@link #METRICS_SINK}
 * @param name the listener's name; the server's description for the others
 * @param host the configured IP address, as a literal
 * @param port the configured port; 0 when the config asked for any
 */
public record SocketKey(String kind, String name, String host, int port) {

    public static final String LISTENER = "listener";
    public static final String ADMIN = "admin";
    public static final String METRICS_SINK = "metrics_sink";

    /** @return the key of a config listener */
    public static SocketKey listener(String name, InetSocketAddress configured) {
        return new SocketKey(LISTENER, name, host(configured), configured.getPort());
    }

    /** @return the key of the admin API */
    public static SocketKey admin(InetSocketAddress configured) {
        return new SocketKey(ADMIN, "admin API", host(configured), configured.getPort());
    }

    /** @return the key of a Prometheus sink's own port */
    public static SocketKey metricsSink(InetSocketAddress configured) {
        return new SocketKey(METRICS_SINK, "prometheus sink", host(configured), configured.getPort());
    }

    private static String host(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    /** @return such as {@code listener web (127.0.0.1:2045)}, for logs */
    public String describe() {
        String address = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        return (LISTENER.equals(kind) ? "listener " + name : name) + " (" + address + ")";
    }
}
