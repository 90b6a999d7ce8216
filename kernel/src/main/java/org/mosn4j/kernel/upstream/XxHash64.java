package org.mosn4j.kernel.upstream;

/**
 * XXH64, the 64-bit xxHash (the hash Envoy uses for its hash policies): fast, well mixed, and the same on every
 * machine, so consistent hashing sends a key to the same host after a restart. Text is hashed as its UTF-16LE
 * bytes without copying it. Stateless and thread-safe; no allocation.
 */
public final class XxHash64 {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private XxHash64() {
    }

    /** @return the hash of {@code text}'s UTF-16LE bytes with seed 0 */
    public static long hash(CharSequence text) {
        return hash(text, 0, text.length(), 0);
    }

    /**
     * @param text the text
     * @param from the first char to hash
     * @param to the char after the last to hash
     * @param seed the seed
     * @return the hash of the UTF-16LE bytes of {@code text[from, to)}
     */
    public static long hash(CharSequence text, int from, int to, long seed) {
        int p = from;
        long h;
        if (to - from >= 16) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            for (; p + 16 <= to; p += 16) {
                v1 = round(v1, chars4(text, p));
                v2 = round(v2, chars4(text, p + 4));
                v3 = round(v3, chars4(text, p + 8));
                v4 = round(v4, chars4(text, p + 12));
            }
            h = merge(v1, v2, v3, v4);
        } else {
            h = seed + P5;
        }
        h += 2L * (to - from);
        for (; p + 4 <= to; p += 4) {
            h = Long.rotateLeft(h ^ round(0, chars4(text, p)), 27) * P1 + P4;
        }
        if (p + 2 <= to) {
            h = Long.rotateLeft(h ^ ((text.charAt(p) | (long) text.charAt(p + 1) << 16) * P1), 23) * P2 + P3;
            p += 2;
        }
        if (p < to) {
            char c = text.charAt(p);
            h = Long.rotateLeft(h ^ (c & 0xFF) * P5, 11) * P1;
            h = Long.rotateLeft(h ^ (c >>> 8) * P5, 11) * P1;
        }
        return avalanche(h);
    }

    /** @return the hash of {@code bytes} with seed 0 */
    public static long hash(byte[] bytes) {
        int p = 0;
        int to = bytes.length;
        long h;
        if (to >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            for (; p + 32 <= to; p += 32) {
                v1 = round(v1, bytes8(bytes, p));
                v2 = round(v2, bytes8(bytes, p + 8));
                v3 = round(v3, bytes8(bytes, p + 16));
                v4 = round(v4, bytes8(bytes, p + 24));
            }
            h = merge(v1, v2, v3, v4);
        } else {
            h = P5;
        }
        h += to;
        for (; p + 8 <= to; p += 8) {
            h = Long.rotateLeft(h ^ round(0, bytes8(bytes, p)), 27) * P1 + P4;
        }
        if (p + 4 <= to) {
            h = Long.rotateLeft(h ^ (bytes8(bytes, p) & 0xFFFFFFFFL) * P1, 23) * P2 + P3;
            p += 4;
        }
        for (; p < to; p++) {
            h = Long.rotateLeft(h ^ (bytes[p] & 0xFF) * P5, 11) * P1;
        }
        return avalanche(h);
    }

    private static long chars4(CharSequence text, int p) {
        return text.charAt(p) | (long) text.charAt(p + 1) << 16 | (long) text.charAt(p + 2) << 32
                | (long) text.charAt(p + 3) << 48;
    }

    /** Little-endian, up to 8 bytes from {@code p}. */
    private static long bytes8(byte[] bytes, int p) {
        long v = 0;
        for (int i = Math.min(7, bytes.length - 1 - p); i >= 0; i--) {
            v = v << 8 | (bytes[p + i] & 0xFF);
        }
        return v;
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long merge(long v1, long v2, long v3, long v4) {
        long h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
        h = (h ^ round(0, v1)) * P1 + P4;
        h = (h ^ round(0, v2)) * P1 + P4;
        h = (h ^ round(0, v3)) * P1 + P4;
        return (h ^ round(0, v4)) * P1 + P4;
    }

    private static long avalanche(long h) {
        h = (h ^ h >>> 33) * P2;
        h = (h ^ h >>> 29) * P3;
        return h ^ h >>> 32;
    }
}
