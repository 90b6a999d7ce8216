package org.mosn4j.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Records Netty's leak reports instead of only logging them. Installed before any Netty buffer class is
 * loaded (by {@link LeakRecorderInstaller}), so every leak detector in the JVM reports here.
 */
public final class LeakRecorder {

    private static final List<String> LEAKS = new ArrayList<>();
    private static volatile boolean installed;

    private LeakRecorder() {
    }

    /** Replaces Netty's leak detector factory with one that records reports. Idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    /**
     * Collects garbage and makes the detectors poll, then returns and clears what was reported.
     *
     * @return the leak reports since the last call, each with its access records
     */
    public static List<String> drain() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            pollDetectors();
        }
        synchronized (LEAKS) {
            List<String> found = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return found;
        }
    }

    private static void pollDetectors() {
        // A detector checks for collected, unreleased resources when the next resource is tracked.
        for (ByteBufAllocator alloc : List.of(ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT,
                UnpooledByteBufAllocator.DEFAULT)) {
            for (int i = 0; i < 4; i++) {
                ByteBuf heap = alloc.heapBuffer(8);
                heap.release();
                ByteBuf direct = alloc.directBuffer(8);
                direct.release();
            }
        }
    }

    private static void record(String report) {
        synchronized (LEAKS) {
            LEAKS.add(report);
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                long maxActive) {
            return new ResourceLeakDetector<T>(resource, samplingInterval) {
                @Override
                protected void reportTracedLeak(String resourceType, String records) {
                    record("LEAK: " + resourceType + records);
                    super.reportTracedLeak(resourceType, records);
                }

                @Override
                protected void reportUntracedLeak(String resourceType) {
                    record("LEAK: " + resourceType + " (no access records; run with paranoid leak detection)");
                    super.reportUntracedLeak(resourceType);
                }
            };
        }
    }
}
