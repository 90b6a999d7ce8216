package org.mosn4j.plugin.dubbo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A Dubbo provider in a JVM of its own, so that a test can kill it ({@code SIGKILL}) with calls in flight. It
 * exports {@link ProbeService} in one group on one port and reports on its standard output when it is ready and
 * each {@link ProbeService#hold} call that reaches it; it exits when its standard input closes, so it never
 * outlives the test JVM.
 */
final class ProviderProcess implements AutoCloseable {

    private static final String MARKER = "probe-provider: ";
    private static final String READY = "ready";
    private static final String HELD = "held ";
    private static final int KEPT_LINES = 60;

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Semaphore held = new Semaphore(0);
    private final Deque<String> lastLines = new ArrayDeque<>();

    private ProviderProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "provider-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a provider JVM with the test's class path and hosts file.
     *
     * @param name the name the provider's {@link Probe} answers with
     * @param port the port to export on
     * @param group the group to export in
     */
    static ProviderProcess start(String name, int port, String group) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx128m");
        String hosts = System.getProperty("jdk.net.hosts.file");
        if (hosts != null) {
            command.add("-Djdk.net.hosts.file=" + hosts);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ProviderProcess.class.getName());
        command.add(name);
        command.add(Integer.toString(port));
        command.add(group);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ProviderProcess(process);
    }

    /** Waits until the provider exports its service; fails with the provider's last output if it does not. */
    void awaitReady(Duration timeout) throws InterruptedException {
        if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the provider process did not start within " + timeout + "; its last output:\n"
                    + output());
        }
    }

    /** @return whether {@code calls} more {@link ProbeService#hold} calls reached the provider within the timeout */
    boolean awaitHeld(int calls, Duration timeout) throws InterruptedException {
        return held.tryAcquire(calls, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills the provider at once ({@code SIGKILL}): no response, no read-only notice, no orderly close. */
    void kill() {
        process.destroyForcibly();
    }

    /** @return whether the process ended within the timeout */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the provider's last lines of output */
    String output() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lastLines) {
                    if (lastLines.size() == KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                }
                if (line.equals(MARKER + READY)) {
                    ready.countDown();
                } else if (line.startsWith(MARKER + HELD)) {
                    held.release();
                }
            }
        } catch (IOException e) {
            // The process is gone; what it wrote is in lastLines.
        }
    }

    /**
     * The provider JVM's entry point.
     *
     * @param args the probe's name, the port and the group
     */
    public static void main(String[] args) throws Exception {
        Probe probe = new Probe(args[0]);
        DubboPeers.Provider provider = new DubboPeers.Provider("mosn4j-provider-process");
        provider.exportOn(Integer.parseInt(args[1]), ProbeService.class, probe, s -> s.setGroup(args[2]));
        provider.start();
        Thread parentWatch = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // Nothing is sent; reading only notices the end of input.
                }
            } catch (IOException e) {
                // Treated as the end of input.
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        System.out.println(MARKER + READY);
        System.out.flush();
        while (true) {
            System.out.println(MARKER + HELD + probe.held.take());
            System.out.flush();
        }
    }
}
