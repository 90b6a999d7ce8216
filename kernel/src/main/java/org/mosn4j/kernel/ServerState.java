package org.mosn4j.kernel;

/** MOSN's server states, with the numbers {@code /api/v1/states} reports. */
public enum ServerState {
    INITING(2),
    STARTING(4),
    RUNNING(6),
    GRACEFUL_STOPPING(8),
    STOPPING(9),
    STOPPED(11);

    private final int code;

    ServerState(int code) {
        this.code = code;
    }

    /** @return MOSN's numeric code */
    public int code() {
        return code;
    }
}
