package org.mosn4j.kernel.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FilterFailureLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final FilterFailureLog log = new FilterFailureLog(now::get);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(FilterFailureLog.class);

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    private boolean fail(String listener, String type) {
        return log.failed(listener, type, "onHeaders", "the stream is answered 500", new IllegalStateException("boom"));
    }

    private List<ILoggingEvent> traces() {
        return appender.list.stream().filter(e -> e.getThrowableProxy() != null).toList();
    }

    @Test
    void oneStackTracePerBurstAndFilterTypeWithTheCountOfTheQuietOnes() {
        assertTrue(fail("l", "fault"));
        for (int i = 0; i < 50; i++) {
            assertFalse(fail("l", "fault"));
            now.addAndGet(FilterFailureLog.QUIET_PERIOD_NANOS / 100);
        }
        assertTrue(fail("l", "gzip"), "another type has bursts of its own");
        assertTrue(fail("other", "fault"), "so has the same type on another listener");
        assertEquals(3, traces().size());

        now.addAndGet(FilterFailureLog.QUIET_PERIOD_NANOS);
        assertTrue(fail("l", "fault"));
        List<ILoggingEvent> traces = traces();
        assertEquals(4, traces.size());
        String message = traces.get(3).getFormattedMessage();
        assertTrue(message.contains("listener l: stream filter \"fault\" threw from onHeaders; the stream is answered 500"),
                message);
        assertTrue(message.contains("(50 more failure(s) of this filter since the last report)"), message);
    }
}
