package org.mosn4j.kernel.stats;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * TLS handshakes of one listener, cluster or host: how many succeeded or resumed a session, and why the others
 * failed. {@code tls_handshake_failed} counts every failure; the other failure keys say why, where the cause is
 * known. Updated from event loops without locks; read by the admin API.
 */
public final class TlsCounters {

    private final LongAdder handshakes = new LongAdder();
    private final LongAdder sessionReused = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder verifyError = new LongAdder();
    private final LongAdder verifyNoCert = new LongAdder();
    private final LongAdder notTls = new LongAdder();
    private final LongAdder timeout = new LongAdder();
    private final LongAdder plaintext = new LongAdder();

    /**
     * A handshake completed.
     *
     * @param resumed whether it resumed an earlier session
     */
    public void handshake(boolean resumed) {
        handshakes.increment();
        if (resumed) {
            sessionReused.increment();
        }
    }

    /** A handshake failed for a reason not counted by the other methods. */
    public void failed() {
        failed.increment();
    }

    /** A handshake failed because the peer's certificate was not trusted: unknown CA, expired, wrong name. */
    public void verifyError() {
        failed.increment();
        verifyError.increment();
    }

    /** A handshake failed because the peer sent no certificate where one is required. */
    public void verifyNoCert() {
        failed.increment();
        verifyNoCert.increment();
    }

    /** A connection to a TLS-only port did not start with a TLS handshake. */
    public void notTls() {
        failed.increment();
        notTls.increment();
    }

    /** A handshake did not finish in time. */
    public void timeout() {
        failed.increment();
        timeout.increment();
    }

    /** A listener that accepts both took a connection as plaintext. */
    public void plaintext() {
        plaintext.increment();
    }

    /** Adds the {@code tls_*} keys to {@code view}. */
    public void addView(Map<String, Long> view) {
        view.put("tls_handshake", handshakes.sum());
        view.put("tls_session_reused", sessionReused.sum());
        view.put("tls_handshake_failed", failed.sum());
        view.put("tls_fail_verify_error", verifyError.sum());
        view.put("tls_fail_verify_no_cert", verifyNoCert.sum());
        view.put("tls_not_tls", notTls.sum());
        view.put("tls_handshake_timeout", timeout.sum());
        view.put("tls_plaintext", plaintext.sum());
    }
}
