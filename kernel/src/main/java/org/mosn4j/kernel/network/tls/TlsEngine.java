package org.mosn4j.kernel.network.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS engine of the process: OpenSSL (BoringSSL from netty-tcnative) when it loads, the JDK's otherwise.
 * Chosen once, on first use ({@link OpenSsl#isAvailable()}); {@code -Dmosn4j.tls.provider=jdk} forces the JDK's engine and
 * {@code -Dmosn4j.tls.provider=openssl} fails startup when OpenSSL does not load.
 */
public enum TlsEngine {
    OPENSSL(SslProvider.OPENSSL),
    JDK(SslProvider.JDK);

    /** The system property that forces an engine. */
    public static final String PROPERTY = "mosn4j.tls.provider";

    private static final Logger LOG = LoggerFactory.getLogger(TlsEngine.class);
    private static final TlsEngine CURRENT = choose();

    private final SslProvider provider;

    TlsEngine(SslProvider provider) {
        this.provider = provider;
    }

    private static TlsEngine choose() {
        String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        TlsEngine engine;
        switch (forced) {
            case "jdk" -> {
                engine = JDK;
                LOG.info("TLS engine: JDK {} (forced by -D{}=jdk)", System.getProperty("java.version"), PROPERTY);
            }
            case "openssl" -> {
                OpenSsl.ensureAvailability();
                engine = OPENSSL;
                LOG.info("TLS engine: OpenSSL ({} through netty-tcnative, forced by -D{}=openssl)",
                        OpenSsl.versionString(), PROPERTY);
            }
            case "" -> {
                if (OpenSsl.isAvailable()) {
                    engine = OPENSSL;
                    LOG.info("TLS engine: OpenSSL ({} through netty-tcnative)", OpenSsl.versionString());
                } else {
                    engine = JDK;
                    LOG.info("TLS engine: JDK {} (OpenSSL unavailable: {})", System.getProperty("java.version"),
                            OpenSsl.unavailabilityCause());
                }
            }
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced
                    + " is not an engine (expected jdk or openssl)");
        }
        return engine;
    }

    /** @return the engine of this process */
    public static TlsEngine current() {
        return CURRENT;
    }

    /** @return Netty's provider for this engine */
    public SslProvider provider() {
        return provider;
    }

    /** @return {@code "openssl"} or {@code "jdk"} */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
