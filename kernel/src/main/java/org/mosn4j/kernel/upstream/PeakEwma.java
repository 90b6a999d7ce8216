package org.mosn4j.kernel.upstream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A peak-sensitive exponentially weighted moving average of a host's upstream latency (Finagle's "peak EWMA",
 * which {@code LB_PEAK_EWMA} reads): a sample above the average replaces it at once, so a host that turns slow
 * is avoided right away; lower samples pull it down with weight {@code 1 - exp(-elapsed / decay)}, and without
 * samples it decays towards zero over the same time, so a host that was slow once is tried again.
 *
 * <p>Lock-free: every event loop that finishes a request on the host records into it with a compare-and-set;
 * reads are two volatile reads. Races between two samples at the same instant lose nothing that matters to a
 * heuristic. No allocation.
 */
final class PeakEwma {

    /** How fast old samples lose weight: after this long a sample counts for 1/e of what it did. */
    static final long DECAY_NANOS = 10_000_000_000L;

    private final AtomicLong averageBits = new AtomicLong(Double.doubleToRawLongBits(0));
    private volatile long lastNanos;
    private volatile boolean sampled;

    /**
     * Records one finished attempt.
     *
     * @param latencyNanos how long the attempt took
     * @param ok whether it ended with a response; a failed attempt (reset, refused by the pool, timed out) only
     *        raises the average, so a host that fails fast never looks fast
     * @param nowNanos the time now, as {@link System#nanoTime()} tells it
     */
    void record(long latencyNanos, boolean ok, long nowNanos) {
        double sample = Math.max(0, latencyNanos);
        while (true) {
            long bits = averageBits.get();
            double average = decayed(Double.longBitsToDouble(bits), nowNanos);
            double next;
            if (sample > average) {
                next = sample;
            } else if (!ok) {
                next = average;
            } else {
                // The stored average decayed by keep is average; the sample gets the weight the average lost.
                double keep = Math.exp(-Math.max(0, nowNanos - lastNanos) / (double) DECAY_NANOS);
                next = average + sample * (1 - keep);
            }
            if (averageBits.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
                lastNanos = nowNanos;
                sampled = true;
                return;
            }
        }
    }

    /**
     * @param nowNanos the time now
     * @return the average latency in nanoseconds, decayed for the time since the last sample; 0 before any
     */
    double value(long nowNanos) {
        return decayed(Double.longBitsToDouble(averageBits.get()), nowNanos);
    }

    /** @return whether any attempt was recorded */
    boolean sampled() {
        return sampled;
    }

    private double decayed(double average, long nowNanos) {
        long idle = nowNanos - lastNanos;
        return idle <= 0 || average == 0 ? average : average * Math.exp(-idle / (double) DECAY_NANOS);
    }
}
