package org.mosn4j.kernel.accesslog;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon thread behind one {@link AccessLog}: takes lines off the queue and writes them, buffered, to a
 * file, stdout or stderr. Output is flushed at least once a second and when the writer stops.
 *
 * <p>I/O problems never reach the event loops: a line that cannot be written, or that was buffered when a
 * write or flush failed, counts as dropped; the output is reopened (at most once a second) for later lines, and
 * the failure is logged at ERROR at most once a minute. A line counts as written once it has been flushed.
 */
final class AccessLogWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);

    private static final long FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long REOPEN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long ERROR_REPORT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int BUFFER_CHARS = 64 * 1024;
    private static final int MAX_BATCH = 4096;

    private final String logPath;
    private final BlockingQueue<String> queue;
    private final AtomicLong written;
    private final AtomicLong dropped;
    private final Thread thread;
    private volatile boolean stopping;

    private Writer out;
    private OutputStream stream;
    private PrintStream console;
    private long bufferedLines;
    private long nextOpenNanos;
    private long lastErrorReportNanos;
    private boolean errorReported;

    AccessLogWriter(String logPath, BlockingQueue<String> queue, AtomicLong written, AtomicLong dropped) {
        this.logPath = logPath;
        this.queue = queue;
        this.written = written;
        this.dropped = dropped;
        this.thread = new Thread(this, "mosn4j-accesslog-" + logPath);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Asks the writer to write what is queued, flush and close its output, and waits for it to finish.
     *
     * @param timeoutMillis how long to wait
     * @return true when the writer finished in time (or was never started)
     */
    boolean stop(long timeoutMillis) throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(timeoutMillis);
        return !thread.isAlive();
    }

    @Override
    public void run() {
        long nextFlush = System.nanoTime() + FLUSH_INTERVAL_NANOS;
        try {
            while (!stopping) {
                String line = queue.poll(Math.max(0, nextFlush - System.nanoTime()), TimeUnit.NANOSECONDS);
                for (int n = 0; line != null; n++) {
                    write(line);
                    line = n < MAX_BATCH ? queue.poll() : null;
                }
                if (System.nanoTime() - nextFlush >= 0) {
                    flush();
                    nextFlush = System.nanoTime() + FLUSH_INTERVAL_NANOS;
                }
            }
        } catch (InterruptedException e) {
            // stop() interrupts a waiting poll; fall through to the final drain.
        } catch (RuntimeException | Error e) {
            LOG.error("access log {}: writer thread failed; later lines are dropped", logPath, e);
            throw e;
        } finally {
            for (String line = queue.poll(); line != null; line = queue.poll()) {
                write(line);
            }
            flush();
            closeOutput();
        }
    }

    private void write(String line) {
        if (out == null && !open()) {
            dropped.incrementAndGet();
            return;
        }
        try {
            out.write(line);
            out.write('\n');
            bufferedLines++;
        } catch (IOException e) {
            dropped.incrementAndGet();
            fail("write to", e);
        }
    }

    private void flush() {
        if (out == null || bufferedLines == 0) {
            return;
        }
        try {
            out.flush();
            // PrintStream swallows I/O errors and only remembers that one happened.
            if (console != null && console.checkError()) {
                throw new IOException("the stream reported an error");
            }
            written.addAndGet(bufferedLines);
            bufferedLines = 0;
        } catch (IOException e) {
            fail("write to", e);
        }
    }

    private boolean open() {
        long now = System.nanoTime();
        if (now - nextOpenNanos < 0) {
            return false;
        }
        try {
            if (logPath.equals("stdout")) {
                console = System.out;
                stream = console;
            } else if (logPath.equals("stderr")) {
                console = System.err;
                stream = console;
            } else {
                Path file = Path.of(logPath).toAbsolutePath();
                Path parent = file.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                // FileOutputStream rather than Files.newOutputStream: its channel would be closed by the
                // interrupt stop() uses to wake the writer.
                stream = new FileOutputStream(file.toFile(), true);
            }
            out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER_CHARS);
            return true;
        } catch (IOException | InvalidPathException e) {
            stream = null;
            console = null;
            nextOpenNanos = now + REOPEN_INTERVAL_NANOS;
            report("open", e);
            return false;
        }
    }

    private void fail(String action, Exception e) {
        dropped.addAndGet(bufferedLines);
        bufferedLines = 0;
        discardOutput();
        nextOpenNanos = System.nanoTime() + REOPEN_INTERVAL_NANOS;
        report(action, e);
    }

    /** Flushes and closes the output; called after the final flush, so nothing is left buffered. */
    private void closeOutput() {
        if (out == null) {
            return;
        }
        try {
            if (console != null) {
                out.flush();
            } else {
                out.close();
            }
        } catch (IOException e) {
            report("close", e);
        }
        out = null;
        stream = null;
        console = null;
    }

    /** Drops the output after a failure, closing the file without writing the buffer (already counted as dropped). */
    private void discardOutput() {
        if (console == null && stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // The write or flush failure has been counted; a failing close adds nothing to report.
            }
        }
        out = null;
        stream = null;
        console = null;
    }

    private void report(String action, Exception e) {
        long now = System.nanoTime();
        if (errorReported && now - lastErrorReportNanos < ERROR_REPORT_INTERVAL_NANOS) {
            return;
        }
        errorReported = true;
        lastErrorReportNanos = now;
        LOG.error("access log {}: cannot {} it ({}); its lines are dropped until that works again, retrying every"
                + " second; check that the directory can be created and written and that the disk has space"
                + " (reported at most once a minute, {} lines dropped so far)", logPath, action, e, dropped.get());
    }
}
