package org.mosn4j.kernel.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.spi.config.ConfigException;
import org.slf4j.LoggerFactory;

class AccessLogTest {

    @TempDir
    Path dir;

    private static AccessLogFormat numbered() throws ConfigException {
        return AccessLogFormat.parse("line %request_header_n% %response_code%", "access_logs[0].log_format");
    }

    private static RequestInfo request(int n) {
        FixedRequestInfo info = new FixedRequestInfo();
        info.requestHeaders.put("n", Integer.toString(n));
        return info;
    }

    private static List<String> expectedLines(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add("line " + i + " 200");
        }
        return lines;
    }

    @Test
    void writesLinesInOrderAndCreatesParentDirectories() throws Exception {
        Path file = dir.resolve("logs/mosn/access.log");
        AccessLog log = AccessLog.open(file.toString(), numbered());
        for (int i = 0; i < 10_000; i++) {
            log.log(request(i));
        }
        log.close();
        assertEquals(expectedLines(0, 10_000), Files.readAllLines(file));
        assertEquals(10_000, log.written());
        assertEquals(0, log.dropped());
    }

    @Test
    void concurrentCallersKeepTheirOwnOrder() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogFormat format = AccessLogFormat.parse("%request_header_t% %request_header_n%", "log_format");
        AccessLog log = AccessLog.open(file.toString(), format);
        int threads = 4;
        int perThread = 5_000;
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = Integer.toString(t);
            callers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    FixedRequestInfo info = new FixedRequestInfo();
                    info.requestHeaders.put("t", name);
                    info.requestHeaders.put("n", Integer.toString(i));
                    log.log(info);
                }
            }));
        }
        callers.forEach(Thread::start);
        for (Thread caller : callers) {
            caller.join();
        }
        log.close();
        assertEquals(0, log.dropped());
        assertEquals((long) threads * perThread, log.written());
        int[] next = new int[threads];
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.split(" ");
            int t = Integer.parseInt(parts[0]);
            assertEquals(next[t]++, Integer.parseInt(parts[1]), line);
        }
        for (int count : next) {
            assertEquals(perThread, count);
        }
    }

    @Test
    void appendsToAnExistingFile() throws Exception {
        Path file = dir.resolve("access.log");
        Files.writeString(file, "earlier\n");
        try (AccessLog log = AccessLog.open(file.toString(), numbered())) {
            log.log(request(1));
        }
        assertEquals(List.of("earlier", "line 1 200"), Files.readAllLines(file));
    }

    @Test
    void flushesWithinAboutASecondWithoutClosing() throws Exception {
        Path file = dir.resolve("access.log");
        try (AccessLog log = AccessLog.open(file.toString(), numbered())) {
            log.log(request(7));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!(Files.exists(file) && Files.readString(file).equals("line 7 200\n"))) {
                assertTrue(System.nanoTime() < deadline, "line not flushed within 5s");
                Thread.sleep(20);
            }
            assertEquals(1, log.written());
        }
    }

    @Test
    void unwritablePathIsLoggedOnceAndCountedWithoutBlockingCallers() throws Exception {
        Path regularFile = Files.writeString(dir.resolve("not-a-directory"), "x");
        String path = regularFile.resolve("access.log").toString();
        Logger writerLogger = (Logger) LoggerFactory.getLogger(AccessLogWriter.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        writerLogger.addAppender(events);
        try {
            AccessLog log = AccessLog.open(path, numbered());
            long start = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                log.log(request(i));
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMillis < 1_000, "log() took " + elapsedMillis + " ms for 1000 lines");
            log.close();
            assertEquals(1_000, log.dropped());
            assertEquals(0, log.written());
            List<ILoggingEvent> errors = events.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
            assertEquals(1, errors.size(), events.list.toString());
            assertTrue(errors.get(0).getFormattedMessage().contains(path), errors.get(0).getFormattedMessage());
        } finally {
            writerLogger.detachAppender(events);
        }
        assertFalse(Files.isDirectory(regularFile));
    }

    @Test
    void fullDiskCountsTheBufferedLinesAsDropped() throws Exception {
        // Linux's /dev/full opens fine and fails every write with ENOSPC, like a full disk.
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        Logger writerLogger = (Logger) LoggerFactory.getLogger(AccessLogWriter.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        writerLogger.addAppender(events);
        try {
            AccessLog log = AccessLog.open(full.toString(), numbered());
            for (int i = 0; i < 100; i++) {
                log.log(request(i));
            }
            log.close();
            assertEquals(100, log.dropped());
            assertEquals(0, log.written());
            List<ILoggingEvent> errors = events.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
            assertEquals(1, errors.size(), events.list.toString());
            assertTrue(errors.get(0).getFormattedMessage().contains("/dev/full"));
        } finally {
            writerLogger.detachAppender(events);
        }
    }

    @Test
    void fullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLog log = new AccessLog(file.toString(), numbered(), 4);
        for (int i = 0; i < 10; i++) {
            log.log(request(i));
        }
        assertEquals(6, log.dropped());
        log.start();
        log.close();
        assertEquals(expectedLines(0, 4), Files.readAllLines(file));
        assertEquals(4, log.written());
        assertEquals(6, log.dropped());
    }

    @Test
    void linesLoggedAfterCloseAreDropped() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLog log = AccessLog.open(file.toString(), numbered());
        log.close();
        log.log(request(1));
        log.close();
        assertEquals(1, log.dropped());
        assertEquals(0, log.written());
    }

    @Test
    void closeOfANeverStartedLogCountsWhatWasQueued() throws Exception {
        AccessLog log = new AccessLog(dir.resolve("access.log").toString(), numbered(), 8);
        log.log(request(1));
        log.log(request(2));
        log.close();
        assertEquals(2, log.dropped());
        assertEquals(0, log.written());
    }

    @Test
    void stdoutWritesToTheProcessStandardOutput() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        AccessLog log;
        try {
            log = AccessLog.open("stdout", numbered());
            log.log(request(3));
            log.close();
        } finally {
            System.setOut(original);
        }
        assertEquals("line 3 200\n", captured.toString(StandardCharsets.UTF_8));
        assertEquals(1, log.written());
    }

    @Test
    void defaultFormatLinesReachTheFile() throws IOException, ConfigException {
        Path file = dir.resolve("access.log");
        try (AccessLog log = AccessLog.open(file.toString(), AccessLogFormat.parse("", "log_format"))) {
            log.log(new FixedRequestInfo());
        }
        String line = Files.readString(file);
        assertTrue(line.matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} 1\\.234567ms 2\\.00000227s 2048 512"
                + " Http1 200 1\\.5\u00b5s false 200 127\\.0\\.0\\.1:40000 127\\.0\\.0\\.1:2045 10\\.0\\.0\\.1:53242"
                + " 10\\.0\\.0\\.2:8080\n"), line);
    }
}
