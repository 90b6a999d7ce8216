package org.mosn4j.kernel.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection and byte counters of one listener, cluster or host. Updated from event loops without locks;
 * read by the admin API.
 */
public final class ConnectionCounters {

    private final LongAdder total = new LongAdder();
    private final LongAdder active = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder localClose = new LongAdder();
    private final LongAdder remoteClose = new LongAdder();
    private final LongAdder connectFailed = new LongAdder();
    private final LongAdder refusedForLimit = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private volatile TlsCounters tls;

    /** A connection was accepted or finished connecting. */
    public void opened() {
        total.increment();
        active.increment();
    }

    /**
     * An open connection closed.
     *
     * @param local whether this side closed it
     */
    public void closed(boolean local) {
        active.decrement();
        closed.increment();
        (local ? localClose : remoteClose).increment();
    }

    /** An upstream connection attempt failed or timed out. */
    public void connectFailed() {
        connectFailed.increment();
    }

    /** A listener closed a connection as soon as it was accepted: its {@code max_connections} were open. */
    public void refusedForLimit() {
        refusedForLimit.increment();
    }

    /** @param bytes bytes read from a socket */
    public void read(int bytes) {
        bytesRead.add(bytes);
    }

    /** @param bytes bytes written to a socket */
    public void written(int bytes) {
        bytesWritten.add(bytes);
    }

    /**
     * Switches on the TLS counters: from now on the views show the {@code tls_*} keys too.
     *
     * @return the TLS counters (the same ones on every call)
     */
    public synchronized TlsCounters enableTls() {
        if (tls == null) {
            tls = new TlsCounters();
        }
        return tls;
    }

    /** @return the TLS counters, or null when TLS is not used here */
    public TlsCounters tls() {
        return tls;
    }

    /** @return the number of open connections */
    public long active() {
        return active.sum();
    }

    /** @return the number of failed connection attempts */
    public long connectFailures() {
        return connectFailed.sum();
    }

    /** @return MOSN's downstream (listener) keys and values */
    public Map<String, Long> downstreamView() {
        Map<String, Long> view = new LinkedHashMap<>();
        view.put("connection_total", total.sum());
        view.put("connection_active", active.sum());
        view.put("connection_destroy", closed.sum());
        view.put("bytes_read_total", bytesRead.sum());
        view.put("bytes_write_total", bytesWritten.sum());
        view.put("connection_refused_limit", refusedForLimit.sum());
        addTlsView(view);
        return view;
    }

    /** @return MOSN's upstream (cluster and host) keys and values */
    public Map<String, Long> upstreamView() {
        Map<String, Long> view = new LinkedHashMap<>();
        view.put("connection_total", total.sum());
        view.put("connection_active", active.sum());
        view.put("connection_close", closed.sum());
        view.put("connection_con_fail", connectFailed.sum());
        view.put("connection_local_close", localClose.sum());
        view.put("connection_remote_close", remoteClose.sum());
        view.put("connection_bytes_read_total", bytesRead.sum());
        view.put("connection_bytes_write", bytesWritten.sum());
        addTlsView(view);
        return view;
    }

    private void addTlsView(Map<String, Long> view) {
        TlsCounters counters = tls;
        if (counters != null) {
            counters.addView(view);
        }
    }
}
