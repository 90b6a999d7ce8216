package org.mosn4j.kernel.xds;

import io.envoyproxy.envoy.config.core.v3.Node;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the xDS client needs, read from the bootstrap by {@link XdsBootstrap#settings}. Immutable.
 *
 * @param node who this proxy is, sent to the control plane
 * @param controlPlane the control plane's addresses, tried in turn at each reconnect; unresolved ones are resolved
 *        at each connect
 * @param connectTimeout how long a connect to the control plane may take
 * @param nodeOnFirstMessageOnly send {@code node} only on the first request of a stream
 * @param clusters subscribe to clusters (CDS, and EDS for the clusters that ask for it)
 * @param listeners subscribe to listeners (LDS, and RDS for the route configs they name)
 * @param initialFetchTimeout how long the first config may take to arrive whole before what arrived is applied;
 *        zero waits for all of it
 * @param backoff the waits between reconnects
 */
public record XdsSettings(Node node, List<InetSocketAddress> controlPlane, Duration connectTimeout,
        boolean nodeOnFirstMessageOnly, boolean clusters, boolean listeners, Duration initialFetchTimeout,
        Backoff backoff) {

    /** Envoy's {@code initial_fetch_timeout} default. */
    public static final Duration DEFAULT_INITIAL_FETCH_TIMEOUT = Duration.ofSeconds(15);
    /** Envoy's {@code connect_timeout} default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Reconnect waits: 500ms, doubling up to 30s. */
    public static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    public XdsSettings {
        Objects.requireNonNull(node, "node");
        controlPlane = List.copyOf(controlPlane);
        if (controlPlane.isEmpty()) {
            throw new IllegalArgumentException("no control plane address");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(initialFetchTimeout, "initialFetchTimeout");
        Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * The waits between reconnects: {@code initial} after the first failure, doubling after each further one up to
     * {@code max}, each shortened by a random part of up to a fifth so that many proxies do not reconnect in step.
     * A stream that received a response starts over at {@code initial}.
     *
     * @param initial the first wait
     * @param max the longest wait
     */
    public record Backoff(Duration initial, Duration max) {

        public Backoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("expected 0 < initial <= max, got " + initial + " and " + max);
            }
        }
    }
}
