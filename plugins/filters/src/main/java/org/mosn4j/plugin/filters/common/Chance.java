package org.mosn4j.plugin.filters.common;

import java.util.concurrent.ThreadLocalRandom;

/** Decides whether a request falls within a configured percentage. Thread-safe. */
public final class Chance {

    private Chance() {
    }

    /** @return true for {@code percentage} percent of calls: always at 100, never at 0 */
    public static boolean hit(int percentage) {
        return percentage >= 100 || percentage > 0 && ThreadLocalRandom.current().nextInt(100) < percentage;
    }
}
