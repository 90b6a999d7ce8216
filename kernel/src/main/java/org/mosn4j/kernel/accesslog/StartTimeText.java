package org.mosn4j.kernel.accesslog;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Prints {@code %start_time%} in MOSN's layout, Go's {@code "2006/01/02 15:04:05.000"}: local date and time with
 * milliseconds, such as {@code 2024/03/05 14:07:09.042}.
 *
 * <p>Requests finishing in the same second share the text up to the milliseconds, so that part is cached and
 * only the three millisecond digits are appended per line. Thread-safe: the cache is one immutable object
 * swapped through a volatile field, and a lost race only means formatting a second twice.
 */
final class StartTimeText implements LogField {

    private static final DateTimeFormatter UP_TO_SECONDS = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.");

    private final ZoneId zone;
    private volatile CachedSecond cached = new CachedSecond(Long.MIN_VALUE, "");

    /** @param zone the time zone to print in; MOSN prints local time */
    StartTimeText(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void append(RequestInfo info, StringBuilder out) {
        long millis = info.startTimeMillis();
        long second = Math.floorDiv(millis, 1000L);
        CachedSecond current = cached;
        if (current.epochSecond != second) {
            current = new CachedSecond(second, UP_TO_SECONDS.format(Instant.ofEpochSecond(second).atZone(zone)));
            cached = current;
        }
        int milli = (int) Math.floorMod(millis, 1000L);
        out.append(current.text);
        if (milli < 100) {
            out.append('0');
        }
        if (milli < 10) {
            out.append('0');
        }
        out.append(milli);
    }

    private record CachedSecond(long epochSecond, String text) {
    }
}
