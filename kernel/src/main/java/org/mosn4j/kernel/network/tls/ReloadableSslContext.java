package org.mosn4j.kernel.network.tls;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SslContext}s of one {@code tls_context}, one per set of ALPN ids offered, rebuilt when its
 * certificate, key or CA files change. A rebuild happens on the watcher's thread and replaces the contexts
 * with one volatile write: connections opened afterwards use the new certificate, open ones keep theirs. A
 * rebuild that fails (a half-written file, a key that does not match) keeps the previous contexts and logs why.
 */
public final class ReloadableSslContext {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadableSslContext.class);

    private final String owner;
    private final TlsSettings settings;
    private final List<List<String>> alpnVariants;
    private final byte[] ticketKey;
    private volatile Map<List<String>, SslContext> contexts;
    private volatile X509Certificate leaf;
    private volatile Set<String> names = Set.of();
    /** What the files looked like when last read; touched by the creating thread, then the watcher's only. */
    private byte[] fingerprint;

    private ReloadableSslContext(String owner, TlsSettings settings, List<List<String>> alpnVariants) {
        this.owner = owner;
        this.settings = settings;
        this.alpnVariants = List.copyOf(alpnVariants);
        this.ticketKey = settings.ticketSecret() != null ? settings.ticketSecret() : randomTicketKey();
    }

    /**
     * Builds the contexts now and, when any source is a file, starts watching the files.
     *
     * @param owner who uses it, for log lines, such as {@code listener ingress filter_chains[0]}
     * @param settings the checked settings
     * @param alpnVariants the ALPN id lists connections may offer; the first is the default
     * @throws TlsMaterialException when the material cannot be read or the engine refuses it
     */
    static ReloadableSslContext create(String owner, TlsSettings settings, List<List<String>> alpnVariants)
            throws TlsMaterialException {
        ReloadableSslContext context = new ReloadableSslContext(owner, settings, alpnVariants);
        context.fingerprint = context.fingerprintFiles();
        context.rebuild();
        if (!settings.files().isEmpty()) {
            TlsFileWatcher.instance().watch(context);
        }
        return context;
    }

    private static byte[] randomTicketKey() {
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private void rebuild() throws TlsMaterialException {
        TlsMaterial material = TlsMaterial.load(settings);
        Map<List<String>, SslContext> built = new LinkedHashMap<>();
        for (List<String> alpn : alpnVariants) {
            built.put(alpn, SslContexts.build(settings, material, alpn,
                    settings.side() == TlsSettings.Side.SERVER ? ticketKey : null));
        }
        contexts = built;
        leaf = material.leaf();
        names = ServerNames.of(settings.serverName(), material.leaf());
        warnIfNotValidNow(material.leaf());
    }

    private void warnIfNotValidNow(X509Certificate certificate) {
        if (certificate == null) {
            return;
        }
        Date now = new Date();
        if (certificate.getNotAfter().before(now)) {
            LOG.warn("{}: the certificate {} expired at {}; peers will refuse it", owner,
                    certificate.getSubjectX500Principal().getName(), certificate.getNotAfter().toInstant());
        } else if (certificate.getNotBefore().after(now)) {
            LOG.warn("{}: the certificate {} is not valid before {}; peers will refuse it until then", owner,
                    certificate.getSubjectX500Principal().getName(), certificate.getNotBefore().toInstant());
        }
    }

    /** @return the context for the default ALPN ids */
    public SslContext get() {
        return contexts.get(alpnVariants.get(0));
    }

    /**
     * @param alpn ALPN ids, one of the variants given at creation
     * @return its context, or the default one for ids not built
     */
    public SslContext get(List<String> alpn) {
        SslContext context = contexts.get(alpn);
        return context != null ? context : get();
    }

    /**
     * @return the lower-case names this context answers for in SNI: {@code server_name} and the certificate's DNS
     *         names and common name (entries may be wildcards such as {@code *.example.com})
     */
    Set<String> names() {
        return names;
    }

    /** @return the settings */
    TlsSettings settings() {
        return settings;
    }

    /**
     * Rebuilds the contexts when the files changed since they were last read. Called by the watcher's thread.
     *
     * @return whether new contexts are in use
     */
    synchronized boolean reloadIfChanged() {
        byte[] now = fingerprintFiles();
        if (Arrays.equals(now, fingerprint)) {
            return false;
        }
        fingerprint = now;
        try {
            rebuild();
        } catch (TlsMaterialException e) {
            LOG.warn("{}: TLS files changed but cannot be used ({}{}); keeping the previous certificate", owner,
                    e.field() == null ? "" : e.field() + ": ", e.getMessage());
            return false;
        }
        X509Certificate current = leaf;
        LOG.info("{}: TLS files reloaded{}", owner, current == null ? ""
                : "; certificate " + current.getSubjectX500Principal().getName() + ", valid until "
                + current.getNotAfter().toInstant());
        return true;
    }

    private byte[] fingerprintFiles() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        for (PemSource source : settings.files()) {
            digest.update(source.file().toString().getBytes(StandardCharsets.UTF_8));
            try {
                digest.update((byte) 1);
                digest.update(Files.readAllBytes(source.file()));
            } catch (IOException e) {
                digest.update((byte) 0);
            }
        }
        return digest.digest();
    }

    @Override
    public String toString() {
        return owner;
    }
}
