package org.mosn4j.plugin.filters.gzip;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.zip.Deflater;

/**
 * Raw-deflate {@link Deflater}s kept per thread and level, so a compressed response does not allocate zlib's
 * state (about 256 KiB) each time. A thread keeps at most {@link #MAX_IDLE_PER_LEVEL} idle ones per level; more
 * are ended. Each event loop uses its own pool: no locks.
 */
final class DeflaterPool {

    /** Idle deflaters a thread keeps per level. */
    static final int MAX_IDLE_PER_LEVEL = 16;

    private static final FastThreadLocal<ArrayDeque<Deflater>[]> IDLE = new FastThreadLocal<>() {
        @Override
        @SuppressWarnings("unchecked")
        protected ArrayDeque<Deflater>[] initialValue() {
            ArrayDeque<Deflater>[] byLevel = new ArrayDeque[10];
            for (int i = 0; i < byLevel.length; i++) {
                byLevel[i] = new ArrayDeque<>();
            }
            return byLevel;
        }

        @Override
        protected void onRemoval(ArrayDeque<Deflater>[] byLevel) {
            for (ArrayDeque<Deflater> idle : byLevel) {
                idle.forEach(Deflater::end);
                idle.clear();
            }
        }
    };

    private DeflaterPool() {
    }

    /** @return a deflater of {@code level} (1 to 9) producing raw deflate data, ready for new input */
    static Deflater take(int level) {
        Deflater deflater = IDLE.get()[level].poll();
        return deflater != null ? deflater : new Deflater(level, true);
    }

    /** Gives back a deflater taken on this thread at {@code level}; it must not be used any more. */
    static void give(Deflater deflater, int level) {
        ArrayDeque<Deflater> idle = IDLE.get()[level];
        if (idle.size() < MAX_IDLE_PER_LEVEL) {
            deflater.reset();
            idle.push(deflater);
        } else {
            deflater.end();
        }
    }
}
