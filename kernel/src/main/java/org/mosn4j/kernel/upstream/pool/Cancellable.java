package org.mosn4j.kernel.upstream.pool;

/** A request for a connection that has not been answered yet, and can be withdrawn. */
@FunctionalInterface
public interface Cancellable {

    /** A handle for a request that was answered at once. */
    Cancellable DONE = () -> {
    };

    /** Withdraws the request; its callbacks will not be called. Does nothing once answered. */
    void cancel();
}
