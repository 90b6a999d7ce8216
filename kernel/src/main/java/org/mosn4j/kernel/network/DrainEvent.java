package org.mosn4j.kernel.network;

/** The pipeline event that tells a connection the process is stopping gracefully. */
enum DrainEvent {
    INSTANCE
}
