package org.mosn4j.kernel.network.tls;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mosn4j.spi.config.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the certificate, key and CA files of every file-based TLS context every few seconds (by content, so a
 * file rewritten within the same second still counts) and has changed ones rebuilt. One daemon thread for the
 * process, started with the first file-based context; contexts are held weakly, so a stopped server's drop out
 * once collected. {@code -Dmosn4j.tls.reload_interval=5s} sets the period (default 2s).
 */
final class TlsFileWatcher {

    /** The system property setting the period, a Go duration. */
    static final String INTERVAL_PROPERTY = "mosn4j.tls.reload_interval";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(TlsFileWatcher.class);
    private static final TlsFileWatcher INSTANCE = new TlsFileWatcher();

    private final List<WeakReference<ReloadableSslContext>> watched = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService executor;

    private TlsFileWatcher() {
    }

    static TlsFileWatcher instance() {
        return INSTANCE;
    }

    synchronized void watch(ReloadableSslContext context) {
        watched.add(new WeakReference<>(context));
        if (executor == null) {
            Duration interval = interval();
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "mosn4j-tls-reload");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(this::checkAll, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
            LOG.debug("watching TLS files every {}", GoDuration.format(interval));
        }
    }

    /** Stops watching {@code context}. */
    void unwatch(ReloadableSslContext context) {
        watched.removeIf(ref -> ref.get() == null || ref.get() == context);
    }

    private static Duration interval() {
        String text = System.getProperty(INTERVAL_PROPERTY);
        if (text == null || text.isBlank()) {
            return DEFAULT_INTERVAL;
        }
        try {
            Duration interval = GoDuration.parse(text.trim());
            if (interval.toMillis() > 0) {
                return interval;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        LOG.warn("-D{}={} is not a positive duration such as \"5s\"; checking every {}", INTERVAL_PROPERTY, text,
                GoDuration.format(DEFAULT_INTERVAL));
        return DEFAULT_INTERVAL;
    }

    /** Checks every watched context once, on the calling thread. */
    void checkAll() {
        for (WeakReference<ReloadableSslContext> ref : watched) {
            ReloadableSslContext context = ref.get();
            if (context == null) {
                watched.remove(ref);
                continue;
            }
            try {
                context.reloadIfChanged();
            } catch (RuntimeException e) {
                LOG.warn("{}: checking TLS files failed", context, e);
            }
        }
    }
}
