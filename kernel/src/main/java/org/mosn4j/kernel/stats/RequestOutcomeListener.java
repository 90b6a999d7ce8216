package org.mosn4j.kernel.stats;

/**
 * Told the outcome of each upstream request counted by a host's {@link RequestCounters}, where the proxy
 * records it, so that host ejection judges exactly what the stats count. Called on the event loop of the
 * request; implementations take no lock and allocate nothing.
 */
public interface RequestOutcomeListener {

    /** @param status the status of a response that arrived whole */
    void onResponse(int status);

    /** The request was reset before its response was complete. */
    void onReset();

    /** The request took longer than its timeout. */
    void onTimeout();
}
