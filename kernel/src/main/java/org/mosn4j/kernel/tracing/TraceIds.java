package org.mosn4j.kernel.tracing;

import java.util.concurrent.ThreadLocalRandom;

/** Random, non-zero trace and span ids in lowercase hex. Thread-safe. */
final class TraceIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceIds() {
    }

    /** @return a new 128-bit trace id, 32 hex digits */
    static String traceId() {
        char[] out = new char[32];
        fill(out, 0, nonZero());
        fill(out, 16, ThreadLocalRandom.current().nextLong());
        return new String(out);
    }

    /** @return a new 64-bit span id, 16 hex digits */
    static String spanId() {
        char[] out = new char[16];
        fill(out, 0, nonZero());
        return new String(out);
    }

    private static long nonZero() {
        long value;
        do {
            value = ThreadLocalRandom.current().nextLong();
        } while (value == 0);
        return value;
    }

    private static void fill(char[] out, int offset, long value) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
