package org.mosn4j.kernel.upstream.pool;

/** Why a pool could not give a stream a connection. */
public enum PoolFailure {
    /** The connection attempt failed (refused, unreachable, reset). */
    CONNECT_FAILED,
    /** The connection attempt took longer than the cluster's connect_timeout. */
    CONNECT_TIMEOUT,
    /** Too many streams are already waiting for a connection. */
    OVERFLOW
}
