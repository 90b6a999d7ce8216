package org.mosn4j.kernel.network.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/** Tells whether a finished handshake resumed an earlier session (by ticket or session id). */
final class SessionResumption {

    private SessionResumption() {
    }

    /**
     * @param engine the engine of a finished handshake, on its event loop
     * @param connectionStartMillis when the connection started
     * @return whether the session was resumed: OpenSSL says so; for the JDK's engine, a session created before
     *         the connection started can only be a resumed one
     */
    static boolean resumed(SSLEngine engine, long connectionStartMillis) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            synchronized (openSsl) {
                long ssl = openSsl.sslPointer();
                return ssl != 0 && SSL.isSessionReused(ssl);
            }
        }
        SSLSession session = engine.getSession();
        return session != null && session.getCreationTime() < connectionStartMillis;
    }
}
