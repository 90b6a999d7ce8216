package org.mosn4j.kernel.network.tls;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import org.mosn4j.kernel.stats.TlsCounters;

/**
 * Why a handshake failed, read from the exception either engine raised, and counted under that reason.
 *
 * @param reason the reason
 * @param detail a one-line description for the log
 */
record HandshakeFailure(Reason reason, String detail) {

    /** The failure reasons that have their own counter. */
    enum Reason {
        /** The bytes were not TLS: a plaintext client on a TLS port. */
        NOT_TLS("not TLS"),
        /** The handshake did not finish in time. */
        TIMEOUT("timeout"),
        /** The peer's certificate was refused: unknown CA, expired, wrong name. */
        VERIFY_ERROR("certificate refused"),
        /** The peer sent no certificate where one is required. */
        NO_CERTIFICATE("no client certificate"),
        /** The peer ended the handshake with an alert, such as one saying it does not trust this side's certificate. */
        PEER_ALERT("alert from the peer"),
        /** The peer closed the connection during the handshake. */
        CLOSED("closed by the peer"),
        /** Anything else, such as an alert from the peer or no common protocol version. */
        OTHER("failed");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** @return a few words for the log */
        String text() {
            return text;
        }
    }

    /** @return the failure an exception stands for */
    static HandshakeFailure of(Throwable cause) {
        if (cause instanceof NotSslRecordException) {
            return new HandshakeFailure(Reason.NOT_TLS, "the first bytes are not a TLS record (a plaintext client on a TLS port?)");
        }
        if (cause instanceof SslHandshakeTimeoutException) {
            return new HandshakeFailure(Reason.TIMEOUT, cause.getMessage());
        }
        if (cause instanceof ClosedChannelException || cause.getCause() instanceof ClosedChannelException) {
            return new HandshakeFailure(Reason.CLOSED, "the connection closed before the handshake finished");
        }
        String text = describe(cause);
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.contains("EMPTY CLIENT CERTIFICATE CHAIN") || upper.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE")
                || upper.contains("CERTIFICATE REQUIRED")) {
            return new HandshakeFailure(Reason.NO_CERTIFICATE, text);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathValidatorException
                    || t instanceof CertPathBuilderException) {
                return new HandshakeFailure(Reason.VERIFY_ERROR, text);
            }
        }
        if (upper.contains("CERTIFICATE_VERIFY_FAILED")) {
            return new HandshakeFailure(Reason.VERIFY_ERROR, text);
        }
        if (upper.contains("RECEIVED FATAL ALERT") || upper.contains("_ALERT_")) {
            return new HandshakeFailure(Reason.PEER_ALERT, text);
        }
        return new HandshakeFailure(Reason.OTHER, text);
    }

    /** The failure of a handshake that ran out of time. */
    static HandshakeFailure timedOut(long millis) {
        return new HandshakeFailure(Reason.TIMEOUT, "no handshake within " + millis + " ms");
    }

    /** The outermost message, and the innermost one when it says something else. */
    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = message(cause);
        String inner = message(root);
        return root == cause || outer.contains(inner) ? outer : outer + " (" + inner + ")";
    }

    private static String message(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message.strip();
    }

    /** Counts this failure. */
    void count(TlsCounters counters) {
        switch (reason) {
            case NOT_TLS -> counters.notTls();
            case TIMEOUT -> counters.timeout();
            case VERIFY_ERROR -> counters.verifyError();
            case NO_CERTIFICATE -> counters.verifyNoCert();
            default -> counters.failed();
        }
    }
}
