package org.mosn4j.plugin.filters.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChanceTest {

    @Test
    void percentagesHoldOverManyDraws() {
        int hits = 0;
        for (int i = 0; i < 10_000; i++) {
            assertFalse(Chance.hit(0));
            assertTrue(Chance.hit(100));
            hits += Chance.hit(30) ? 1 : 0;
        }
        // 30% of 10,000 draws: the standard deviation is about 46, so this range is over 10 of them wide.
        assertTrue(hits > 2_500 && hits < 3_500, "30% came out as " + hits + " of 10000");
    }
}
