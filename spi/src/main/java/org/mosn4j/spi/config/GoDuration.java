package org.mosn4j.spi.config;

import java.time.Duration;

/**
 * Go's duration syntax ({@code time.ParseDuration}), which MOSN configs use: a sequence of decimal numbers,
 * each with an optional fraction and a unit, such as {@code "300ms"}, {@code "1.5h"} or {@code "2h45m"}.
 * Units: {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}. A lone
 * {@code "0"} needs no unit.
 */
public final class GoDuration {

    private GoDuration() {
    }

    /**
     * Parses a Go duration string.
     *
     * @param text the text, for example {@code "30s"}
     * @return the duration
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw invalid(text);
        }
        double totalNanos = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit in duration \"" + text
                        + "\" (use ns, us, ms, s, m or h, as in \"30s\")");
            }
            totalNanos += Double.parseDouble(number) * unitNanos(unit, text);
        }
        if (totalNanos > Long.MAX_VALUE) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too long");
        }
        long nanos = Math.round(totalNanos);
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /**
     * Formats a duration the way Go prints one ({@code 1m30s}, {@code 250ms}, {@code 0s}), so a config
     * dump shows what a user wrote.
     *
     * @param duration the duration
     * @return the Go-style text
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        long nanos = duration.toNanos();
        StringBuilder out = new StringBuilder();
        if (nanos < 0) {
            out.append('-');
            nanos = -nanos;
        }
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000L == 0) {
                return out.append(nanos / 1_000_000L).append("ms").toString();
            }
            if (nanos % 1_000L == 0) {
                return out.append(nanos / 1_000L).append("us").toString();
            }
            return out.append(nanos).append("ns").toString();
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        long secondsNanos = nanos % 60_000_000_000L;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(java.math.BigDecimal.valueOf(secondsNanos, 9).stripTrailingZeros().toPlainString()).append('s');
        return out.toString();
    }

    private static double unitNanos(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "\u00b5s", "\u03bcs" -> 1_000;
            case "ms" -> 1_000_000;
            case "s" -> 1_000_000_000d;
            case "m" -> 60_000_000_000d;
            case "h" -> 3_600_000_000_000d;
            default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text
                    + "\" (use ns, us, ms, s, m or h)");
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\" (expected a Go duration such as \"30s\", \"500ms\" or \"1m30s\")");
    }
}
