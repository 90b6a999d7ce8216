package org.mosn4j.kernel.xds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the xDS client's threads (daemon threads named {@code mosn4j-xds-<role>-<n>}) and remembers them, so that
 * stopping the client can wait until every one has ended. Thread-safe.
 */
final class XdsThreads {

    private final List<Thread> threads = new ArrayList<>();

    /** @return a factory of threads named {@code mosn4j-xds-<role>-<n>} */
    ThreadFactory factory(String role) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "mosn4j-xds-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            synchronized (threads) {
                threads.add(thread);
            }
            return thread;
        };
    }

    /**
     * Waits for every thread made so far to end.
     *
     * @return whether all ended within {@code timeout}
     */
    boolean joinAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> made;
        synchronized (threads) {
            made = List.copyOf(threads);
        }
        for (Thread thread : made) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return made.stream().noneMatch(Thread::isAlive);
            }
            thread.join(Math.max(1, left / 1_000_000));
        }
        return made.stream().noneMatch(Thread::isAlive);
    }
}
