package org.mosn4j.kernel.accesslog;

/**
 * Prints a duration exactly as Go's {@code time.Duration.String()} does, which is what MOSN writes into access
 * logs: {@code 0s}, {@code 850ns}, {@code 1.5µs}, {@code 1.234ms}, {@code 2.00000227s}, {@code 1m0s},
 * {@code 1h2m3.5s}. Below one second the largest unit that keeps the integer part non-zero is used; from one
 * second up the value is split into hours, minutes and seconds. Fractions drop trailing zeros.
 *
 * <p>{@code GoDuration.format} in the SPI prints durations for config dumps and keeps exact integer units
 * instead, so the two are not interchangeable.
 */
final class GoDurationText {

    private static final long MICROSECOND = 1_000L;
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private GoDurationText() {
    }

    /**
     * @param nanos the duration in nanoseconds
     * @param out where to append the text
     */
    static void append(long nanos, StringBuilder out) {
        if (nanos == 0) {
            out.append("0s");
            return;
        }
        if (nanos < 0) {
            out.append('-');
            if (nanos == Long.MIN_VALUE) {
                // -Long.MIN_VALUE overflows; Go prints this value as -2562047h47m16.854775808s.
                out.append("2562047h47m16.854775808s");
                return;
            }
            nanos = -nanos;
        }
        if (nanos < MICROSECOND) {
            out.append(nanos).append("ns");
        } else if (nanos < MILLISECOND) {
            appendDecimal(nanos, 3, out);
            out.append("\u00b5s");
        } else if (nanos < SECOND) {
            appendDecimal(nanos, 6, out);
            out.append("ms");
        } else {
            long totalSeconds = nanos / SECOND;
            long hours = totalSeconds / 3600;
            long minutes = totalSeconds / 60 % 60;
            if (hours > 0) {
                out.append(hours).append('h');
            }
            if (hours > 0 || minutes > 0) {
                out.append(minutes).append('m');
            }
            appendDecimal(nanos % (60 * SECOND), 9, out);
            out.append('s');
        }
    }

    /** Appends {@code value / 10^scale} with the fraction's trailing zeros, and a bare point, removed. */
    private static void appendDecimal(long value, int scale, StringBuilder out) {
        long unit = pow10(scale);
        out.append(value / unit);
        long fraction = value % unit;
        if (fraction == 0) {
            return;
        }
        int digits = scale;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        out.append('.');
        for (long rest = fraction * 10; rest < pow10(digits); rest *= 10) {
            out.append('0');
        }
        out.append(fraction);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
