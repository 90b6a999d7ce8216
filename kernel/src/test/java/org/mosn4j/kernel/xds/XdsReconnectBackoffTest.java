package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XdsReconnectBackoffTest {

    @Test
    void waitsDoubleUpToTheMaximumAndStartOverAfterAReset() {
        ReconnectBackoff backoff = new ReconnectBackoff(XdsSettings.DEFAULT_BACKOFF, () -> 0.0);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            waits.add(backoff.next().toMillis());
        }
        backoff.reset();

        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L), waits);
        assertEquals(500, backoff.next().toMillis());
    }

    @Test
    void jitterShortensAWaitByUpToAFifth() {
        assertEquals(400, new ReconnectBackoff(XdsSettings.DEFAULT_BACKOFF, () -> 0.999999).next().toMillis());
        assertEquals(450, new ReconnectBackoff(XdsSettings.DEFAULT_BACKOFF, () -> 0.5).next().toMillis());
    }
}
