package org.mosn4j.bench.dubbo;

import java.util.Arrays;

/** The latencies of one caller's calls, in nanoseconds; merged and sorted once a run is over. Not thread-safe. */
final class LatencyRecorder {

    private long[] samples = new long[1 << 16];
    private int count;

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    int count() {
        return count;
    }

    /** @return every sample of {@code recorders}, sorted */
    static long[] sortedOf(Iterable<LatencyRecorder> recorders) {
        int total = 0;
        for (LatencyRecorder r : recorders) {
            total += r.count;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.samples, 0, all, at, r.count);
            at += r.count;
        }
        Arrays.sort(all);
        return all;
    }

    /** @return the {@code fraction} quantile of sorted samples (nearest rank), 0 when there are none */
    static long quantile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }
}
