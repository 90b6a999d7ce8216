package org.mosn4j.kernel.accesslog;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code access_logs} entry of a listener: a {@link AccessLogFormat} and a {@code log_path} that lines are
 * appended to.
 *
 * <p>{@link #log} formats the line on the caller's thread (the event loop) and hands it to a background writer
 * through a bounded queue; it never blocks and never throws for I/O problems. When the queue is full, because
 * the disk is slower than the traffic, the line is dropped and counted. Lines reach the output in the order
 * {@link #log} was called on one thread, and are flushed at least once a second.
 *
 * <p>{@code log_path} is a file (created with its parent directories when missing, appended to when present),
 * {@code "stdout"} or {@code "stderr"}. A path that cannot be opened or written, or a full disk, is logged at
 * ERROR with the path at most once a minute; the affected lines count as {@link #dropped()}.
 */
public final class AccessLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);

    /** Lines that may wait for the writer before new ones are dropped. */
    static final int DEFAULT_QUEUE_CAPACITY = 64 * 1024;
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

    private final String logPath;
    private final AccessLogFormat format;
    private final ArrayBlockingQueue<String> queue;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AccessLogWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();

    AccessLog(String logPath, AccessLogFormat format, int queueCapacity) {
        this.logPath = logPath;
        this.format = format;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = new AccessLogWriter(logPath, queue, written, dropped);
    }

    /**
     * Opens an access log and starts its writer thread. The output itself is opened by the writer, so problems
     * with the path show up in the log and in {@link #dropped()}, not here.
     *
     * @param logPath a file path, {@code "stdout"} or {@code "stderr"}
     * @param format the parsed {@code log_format}
     * @return the running access log; close it when the listener goes away
     */
    public static AccessLog open(String logPath, AccessLogFormat format) {
        AccessLog log = new AccessLog(logPath, format, DEFAULT_QUEUE_CAPACITY);
        log.start();
        return log;
    }

    void start() {
        writer.start();
    }

    /**
     * Logs one finished request. Cheap and non-blocking; safe to call from any thread.
     *
     * @param info the request, read before this method returns
     */
    public void log(RequestInfo info) {
        if (closed.get()) {
            dropped.incrementAndGet();
            return;
        }
        if (!queue.offer(format.format(info))) {
            dropped.incrementAndGet();
        }
    }

    /** @return lines dropped because the queue was full, the output failed, or the log was closed */
    public long dropped() {
        return dropped.get();
    }

    /** @return lines written and flushed to the output */
    public long written() {
        return written.get();
    }

    /**
     * Writes and flushes what is queued, waiting up to five seconds, and stops the writer. Lines logged
     * afterwards are dropped. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean finished;
        try {
            finished = writer.stop(CLOSE_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            LOG.warn("access log {}: writer did not finish within {} ms; {} queued lines may be lost", logPath,
                    CLOSE_TIMEOUT_MILLIS, queue.size());
            return;
        }
        // Lines that raced with close, or that were queued when the writer never ran.
        dropped.addAndGet(queue.size());
        queue.clear();
    }
}
