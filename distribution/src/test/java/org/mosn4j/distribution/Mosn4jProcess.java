package org.mosn4j.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code bin/start.sh} process with its combined output collected line by line. */
final class Mosn4jProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private Mosn4jProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::collect, "mosn4j-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Mosn4jProcess start(Path home, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/start.sh").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid -Xmx256m");
        // Recording a class data sharing archive costs each first exit a second; DistributionIT tests it.
        builder.environment().put("MOSN4J_CDS", "off");
        return new Mosn4jProcess(builder.start());
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // process ended
        } finally {
            synchronized (lines) {
                lines.add(null);
                lines.notifyAll();
            }
        }
    }

    /**
     * Waits for an output line matching {@code test}.
     *
     * @return the line
     * @throws AssertionError when the output ends or the timeout passes first
     */
    String awaitLine(Predicate<String> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    String line = lines.get(seen);
                    if (line == null) {
                        throw new AssertionError("mosn4j output ended before the expected line:\n" + output());
                    }
                    if (test.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no expected line within " + timeout + ":\n" + output());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** Waits until mosn4j reports it started. */
    void awaitStarted() throws InterruptedException {
        awaitLine(l -> l.contains("mosn4j started"), Duration.ofSeconds(60));
    }

    /** @return the port a listener bound, read from its log line */
    int listenerPort(String name) throws InterruptedException {
        String line = awaitLine(l -> l.contains("listener " + name + " listening on"), Duration.ofSeconds(60));
        Matcher m = Pattern.compile(":(\\d+)$").matcher(line.trim());
        if (!m.find()) {
            throw new AssertionError("no port in " + line);
        }
        return Integer.parseInt(m.group(1));
    }

    /** @return the admin port, read from its log line */
    int adminPort() throws InterruptedException {
        String line = awaitLine(l -> l.contains("admin API listening on"), Duration.ofSeconds(60));
        Matcher m = Pattern.compile(":(\\d+)$").matcher(line.trim());
        if (!m.find()) {
            throw new AssertionError("no port in " + line);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Sends SIGTERM. (Process.destroy() would also close the output pipe, losing the drain's log lines.) */
    void terminate() throws IOException, InterruptedException {
        signal("TERM");
    }

    /** Sends a signal by name, such as INT. */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** @return the exit code, waiting up to {@code timeout} */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("mosn4j still running after " + timeout + ":\n" + output());
        }
        awaitOutputEnd(Duration.ofSeconds(10));
        return process.exitValue();
    }

    private void awaitOutputEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (lines.isEmpty() || lines.get(lines.size() - 1) != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("mosn4j output still open after " + timeout);
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** @return all output so far */
    String output() {
        synchronized (lines) {
            StringBuilder out = new StringBuilder();
            for (String line : lines) {
                if (line != null) {
                    out.append(line).append('\n');
                }
            }
            return out.toString();
        }
    }

    /** @return the JVM's pid (bin/start.sh execs java in the foreground) */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
