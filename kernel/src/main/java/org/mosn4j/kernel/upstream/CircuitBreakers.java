package org.mosn4j.kernel.upstream;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cluster's {@code circuit_breakers}: caps on its open connections, requests waiting for a connection, requests
 * in flight and retries in flight, shared by every event loop. A limit of 0 means none, and a cap that is not set
 * costs nothing per request: only set caps are counted, with one atomic add on start and one on end.
 *
 * <p>Every successful {@code tryStart*} must be matched by exactly one {@code *Ended}. Thread-safe, lock-free.
 */
public final class CircuitBreakers {

    /** No cap at all. */
    public static final CircuitBreakers NONE = new CircuitBreakers(0, 0, 0, 0);

    private final int maxConnections;
    private final int maxPendingRequests;
    private final int maxRequests;
    private final int maxRetries;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger pendingRequests = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final LongAdder connectionOverflow = new LongAdder();
    private final LongAdder requestOverflow = new LongAdder();
    private final LongAdder retryOverflow = new LongAdder();

    /**
     * @param maxConnections open connections to the cluster's hosts, 0 for no cap
     * @param maxPendingRequests requests waiting for a connection, 0 for no cap (each pool still bounds its queue)
     * @param maxRequests requests in flight, 0 for no cap
     * @param maxRetries retries in flight, 0 for no cap
     */
    public CircuitBreakers(int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries) {
        this.maxConnections = maxConnections;
        this.maxPendingRequests = maxPendingRequests;
        this.maxRequests = maxRequests;
        this.maxRetries = maxRetries;
    }

    /** @return whether any cap is set */
    public boolean any() {
        return maxConnections > 0 || maxPendingRequests > 0 || maxRequests > 0 || maxRetries > 0;
    }

    /** @return whether a request may start; when true, {@link #requestEnded()} must follow */
    public boolean tryStartRequest() {
        return tryStart(requests, maxRequests, requestOverflow);
    }

    /** A request that {@link #tryStartRequest()} admitted ended. */
    public void requestEnded() {
        end(requests, maxRequests);
    }

    /** @return whether a retry may start; when true, {@link #retryEnded()} must follow */
    public boolean tryStartRetry() {
        return tryStart(retries, maxRetries, retryOverflow);
    }

    /** A retry that {@link #tryStartRetry()} admitted ended. */
    public void retryEnded() {
        end(retries, maxRetries);
    }

    /**
     * @return whether a request may wait for a connection; when true, {@link #pendingEnded()} must follow (the
     *         pool answers a refusal as an overflow, counted as {@code request_pending_overflow})
     */
    public boolean tryStartPending() {
        return tryStart(pendingRequests, maxPendingRequests, null);
    }

    /** A request that {@link #tryStartPending()} admitted stopped waiting (got a connection, failed or left). */
    public void pendingEnded() {
        end(pendingRequests, maxPendingRequests);
    }

    /**
     * @param mustOpen whether the caller has no connection at all and would leave its requests waiting forever
     *        (it may open one even past the cap, as Envoy's pools do)
     * @return whether a connection may be opened; when true, {@link #connectionEnded()} must follow
     */
    public boolean tryStartConnection(boolean mustOpen) {
        if (maxConnections <= 0) {
            return true;
        }
        if (tryStart(connections, maxConnections, mustOpen ? null : connectionOverflow)) {
            return true;
        }
        if (mustOpen) {
            connections.incrementAndGet();
            return true;
        }
        return false;
    }

    /** A connection that {@link #tryStartConnection} admitted closed or failed to connect. */
    public void connectionEnded() {
        end(connections, maxConnections);
    }

    private static boolean tryStart(AtomicInteger count, int max, LongAdder overflow) {
        if (max <= 0) {
            return true;
        }
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            if (overflow != null) {
                overflow.increment();
            }
            return false;
        }
        return true;
    }

    private static void end(AtomicInteger count, int max) {
        if (max > 0) {
            count.decrementAndGet();
        }
    }

    /**
     * Adds the counts: {@code cb_*} gauges of what is in use now and {@code *_overflow} counters of what was
     * refused.
     */
    public void addView(Map<String, Long> view) {
        view.put("cb_connections", (long) connections.get());
        view.put("cb_pending_requests", (long) pendingRequests.get());
        view.put("cb_requests", (long) requests.get());
        view.put("cb_retries", (long) retries.get());
        view.put("connection_overflow", connectionOverflow.sum());
        view.put("request_overflow", requestOverflow.sum());
        view.put("request_retry_overflow", retryOverflow.sum());
    }

    @Override
    public String toString() {
        return "max_connections=" + maxConnections + " max_pending_requests=" + maxPendingRequests
                + " max_requests=" + maxRequests + " max_retries=" + maxRetries;
    }
}
