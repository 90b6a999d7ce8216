package org.mosn4j.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PluginGateTest {

    @Test
    void countsInstancesWhileEnabledAndRefusesWhileDisabled() {
        PluginGate gate = new PluginGate();
        assertTrue(gate.tryRetain());
        gate.retain();
        assertEquals(2, gate.liveFilters());
        gate.setEnabled(false);
        assertEquals(PluginStatus.DISABLED, gate.status());
        assertFalse(gate.tryRetain());
        assertEquals(2, gate.liveFilters(), "a refused stream counts nothing");
        gate.release();
        gate.release();
        assertEquals(0, gate.liveFilters());
        gate.setEnabled(true);
        assertTrue(gate.tryRetain());
        assertEquals(1, gate.liveFilters());
    }

    @Test
    void unloadCompletesWhenTheLastInstanceIsReleased() {
        PluginGate gate = new PluginGate();
        assertTrue(gate.tryRetain());
        assertTrue(gate.tryRetain());
        CompletableFuture<Void> drained = gate.beginUnload();
        assertEquals(PluginStatus.UNLOADING, gate.status());
        assertFalse(gate.tryRetain());
        gate.release();
        assertFalse(drained.isDone());
        gate.release();
        assertTrue(drained.isDone());
    }

    @Test
    void unloadOfAnUnusedPluginCompletesAtOnce() {
        assertTrue(new PluginGate().beginUnload().isDone());
    }

    /** The race the gate exists for: no stream may hold a filter once the unload saw the count drained. */
    @Test
    void noStreamGetsTheFiltersAfterTheUnloadSawThemDrained() throws Exception {
        for (int round = 0; round < 20; round++) {
            PluginGate gate = new PluginGate();
            AtomicInteger violations = new AtomicInteger();
            CountDownLatch running = new CountDownLatch(2);
            List<Thread> loops = new ArrayList<>();
            AtomicReference<CompletableFuture<Void>> drained = new AtomicReference<>();
            for (int t = 0; t < 2; t++) {
                Thread loop = new Thread(() -> {
                    running.countDown();
                    for (int i = 0; i < 20_000; i++) {
                        if (gate.tryRetain()) {
                            CompletableFuture<Void> seen = drained.get();
                            if (seen != null && seen.isDone()) {
                                violations.incrementAndGet();
                            }
                            gate.release();
                        }
                    }
                });
                loops.add(loop);
                loop.start();
            }
            assertTrue(running.await(10, TimeUnit.SECONDS));
            drained.set(gate.beginUnload());
            for (Thread loop : loops) {
                loop.join(10_000);
            }
            drained.get().get(10, TimeUnit.SECONDS);
            assertEquals(0, violations.get());
            assertEquals(0, gate.liveFilters());
            assertFalse(gate.tryRetain());
        }
    }
}
