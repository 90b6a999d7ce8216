package org.mosn4j.kernel.network.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds Netty {@link SslContext}s from checked settings and loaded material, on the process's engine. */
final class SslContexts {

    private static final Logger LOG = LoggerFactory.getLogger(SslContexts.class);
    /** Sessions kept for resumption (stateful cache, both sides), and for how long. */
    private static final long SESSION_CACHE_SIZE = 20_480;
    private static final long SESSION_TIMEOUT_SECONDS = 300;
    private static volatile boolean groupsWarned;

    private SslContexts() {
    }

    /**
     * @param settings the checked {@code tls_context}
     * @param material its certificates and key
     * @param alpn the ALPN ids to offer (client) or accept (server); empty for none
     * @param ticketKey server side: the session ticket key (48 bytes: name, HMAC and AES keys)
     * @return a new context
     * @throws TlsMaterialException when the engine refuses the settings
     */
    static SslContext build(TlsSettings settings, TlsMaterial material, List<String> alpn, byte[] ticketKey)
            throws TlsMaterialException {
        TlsEngine engine = TlsEngine.current();
        SslContextBuilder builder;
        if (settings.side() == TlsSettings.Side.SERVER) {
            builder = SslContextBuilder.forServer(material.key(), material.chain())
                    .clientAuth(switch (settings.clientAuth()) {
                        case NONE -> ClientAuth.NONE;
                        case REQUEST, VERIFY_IF_GIVEN -> ClientAuth.OPTIONAL;
                        case REQUIRE_AND_VERIFY -> ClientAuth.REQUIRE;
                    });
            if (settings.clientAuth() == TlsSettings.ClientAuthMode.REQUEST) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (material.cas() != null) {
                builder.trustManager(material.cas());
            }
        } else {
            builder = SslContextBuilder.forClient();
            if (material.chain() != null) {
                builder.keyManager(material.key(), material.chain());
            }
            if (settings.insecureSkip()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            } else {
                if (material.cas() != null) {
                    builder.trustManager(material.cas());
                }
                builder.endpointIdentificationAlgorithm("HTTPS");
            }
        }
        builder.sslProvider(engine.provider())
                .protocols(settings.protocols())
                .sessionCacheSize(SESSION_CACHE_SIZE)
                .sessionTimeout(SESSION_TIMEOUT_SECONDS);
        if (!settings.cipherSuites().isEmpty()) {
            builder.ciphers(settings.cipherSuites(), SupportedCipherSuiteFilter.INSTANCE);
        }
        if (!alpn.isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        if (!settings.groups().isEmpty()) {
            if (engine == TlsEngine.OPENSSL) {
                builder.option(OpenSslContextOption.GROUPS, settings.groups().toArray(String[]::new));
            } else if (!groupsWarned) {
                groupsWarned = true;
                LOG.warn("ecdh_curves is applied by the OpenSSL engine only; the JDK engine uses its defaults "
                        + "(or -Djdk.tls.namedGroups)");
            }
        }
        SslContext context;
        try {
            context = builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsMaterialException("the " + engine.displayName() + " TLS engine refused these settings: "
                    + e.getMessage());
        }
        if (!settings.cipherSuites().isEmpty() && context.cipherSuites().isEmpty()) {
            throw new TlsMaterialException("cipher_suites", "none of " + settings.cipherSuites()
                    + " is supported by the " + engine.displayName() + " TLS engine");
        }
        if (ticketKey != null && context.sessionContext() instanceof OpenSslSessionContext sessions) {
            sessions.setTicketKeys(new OpenSslSessionTicketKey(Arrays.copyOfRange(ticketKey, 0, 16),
                    Arrays.copyOfRange(ticketKey, 16, 32), Arrays.copyOfRange(ticketKey, 32, 48)));
        }
        return context;
    }
}
