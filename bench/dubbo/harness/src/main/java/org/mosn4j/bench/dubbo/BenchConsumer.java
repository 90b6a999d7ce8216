package org.mosn4j.bench.dubbo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * A closed-loop Dubbo load generator: CALLERS threads each call {@link EchoService#echo} with a PAYLOAD-character
 * string, one call after another, for SECONDS; it does so against each target in turn, ROUNDS times, after one
 * warm-up run per target, and prints one line per measured run on standard output:
 *
 * <pre>result target=NAME round=N calls=C errors=E seconds=S calls_per_s=R avg_us=A p50_us=P p99_us=Q max_us=M</pre>
 *
 * <pre>java -cp ... org.mosn4j.bench.dubbo.BenchConsumer --target NAME=HOST:PORT [--target ...] [--callers 32]
 *     [--duration 15] [--warmup 5] [--rounds 3] [--payload 16] [--connections 0] [--timeout-ms 5000]</pre>
 *
 * <p>Each target is a direct {@code dubbo://HOST:PORT} URL with hessian2, no registry, no retries. With
 * {@code --connections 0} (the default) the consumer uses Dubbo's default: one connection per URL, shared by all
 * callers. A call that fails or returns something else counts as an error; its time is not recorded. Exits with
 * 1 when a target does not answer the first call correctly.
 */
public final class BenchConsumer {

    private final int callers;
    private final String message;

    private BenchConsumer(int callers, int payload) {
        this.callers = callers;
        this.message = "x".repeat(payload);
    }

    /** What one run measured. */
    private record Run(long calls, long errors, double seconds, long[] sortedNanos) {

        String line(String target, int round) {
            double sum = 0;
            for (long n : sortedNanos) {
                sum += n;
            }
            double avgUs = sortedNanos.length == 0 ? 0 : sum / sortedNanos.length / 1000.0;
            return String.format(Locale.ROOT,
                    "result target=%s round=%d calls=%d errors=%d seconds=%.3f calls_per_s=%.1f avg_us=%.1f "
                            + "p50_us=%.1f p99_us=%.1f max_us=%.1f",
                    target, round, calls, errors, seconds, calls / seconds, avgUs,
                    LatencyRecorder.quantile(sortedNanos, 0.50) / 1000.0,
                    LatencyRecorder.quantile(sortedNanos, 0.99) / 1000.0,
                    sortedNanos.length == 0 ? 0.0 : sortedNanos[sortedNanos.length - 1] / 1000.0);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> targets = new LinkedHashMap<>();
        Map<String, String> options = new HashMap<>(Map.of("callers", "32", "duration", "15", "warmup", "5",
                "rounds", "3", "payload", "16", "connections", "0", "timeout-ms", "5000"));
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("expected --option value, got " + args[i]);
            }
            String key = args[i].substring(2);
            if (key.equals("target")) {
                String[] target = args[i + 1].split("=", 2);
                if (target.length != 2) {
                    usage("expected --target NAME=HOST:PORT, got " + args[i + 1]);
                }
                targets.put(target[0], target[1]);
            } else if (options.containsKey(key)) {
                options.put(key, args[i + 1]);
            } else {
                usage("unknown option --" + key);
            }
        }
        if (targets.isEmpty()) {
            usage("no --target");
        }
        BenchConsumer consumer = new BenchConsumer(Integer.parseInt(options.get("callers")),
                Integer.parseInt(options.get("payload")));
        DubboBootstrap bootstrap = DubboBootstrap.newInstance();
        bootstrap.application(Applications.application("mosn4j-bench-consumer")).registry(Applications.noRegistry());
        Map<String, ReferenceConfig<EchoService>> references = new LinkedHashMap<>();
        targets.forEach((name, address) -> {
            ReferenceConfig<EchoService> reference = new ReferenceConfig<>();
            reference.setId("echo-" + name);
            reference.setInterface(EchoService.class);
            reference.setUrl("dubbo://" + address + "?serialization=" + Applications.SERIALIZATION
                    + "&prefer.serialization=" + Applications.SERIALIZATION);
            reference.setParameters(new HashMap<>(Map.of("serialization", Applications.SERIALIZATION,
                    "prefer.serialization", Applications.SERIALIZATION)));
            reference.setTimeout(Integer.parseInt(options.get("timeout-ms")));
            reference.setRetries(0);
            reference.setCheck(false);
            int connections = Integer.parseInt(options.get("connections"));
            if (connections > 0) {
                reference.setConnections(connections);
            }
            bootstrap.reference(reference);
            references.put(name, reference);
        });
        bootstrap.start();
        Map<String, EchoService> services = new LinkedHashMap<>();
        references.forEach((name, reference) -> services.put(name, reference.get()));

        int code = consumer.measure(services, Double.parseDouble(options.get("warmup")),
                Double.parseDouble(options.get("duration")), Integer.parseInt(options.get("rounds")));
        bootstrap.stop();
        System.exit(code);
    }

    private int measure(Map<String, EchoService> services, double warmupSeconds, double seconds, int rounds)
            throws InterruptedException {
        for (Map.Entry<String, EchoService> target : services.entrySet()) {
            try {
                String reply = target.getValue().echo(message);
                if (!message.equals(reply)) {
                    System.err.println("bench consumer: " + target.getKey() + " answered " + reply);
                    return 1;
                }
            } catch (RuntimeException e) {
                System.err.println("bench consumer: " + target.getKey() + " failed: " + e);
                return 1;
            }
        }
        if (warmupSeconds > 0) {
            for (Map.Entry<String, EchoService> target : services.entrySet()) {
                System.err.println("bench consumer: warm-up " + target.getKey() + " (" + warmupSeconds + "s)");
                run(target.getValue(), warmupSeconds);
            }
        }
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, EchoService> target : services.entrySet()) {
                System.err.println("bench consumer: measure " + target.getKey() + " (round " + round + " of "
                        + rounds + ", " + seconds + "s)");
                System.out.println(run(target.getValue(), seconds).line(target.getKey(), round));
                System.out.flush();
            }
        }
        return 0;
    }

    /** Runs the callers against one service for {@code seconds} and collects what they measured. */
    private Run run(EchoService service, double seconds) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong deadline = new AtomicLong();
        for (int i = 0; i < callers; i++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = deadline.get();
                long now = System.nanoTime();
                while (now < end) {
                    try {
                        String reply = service.echo(message);
                        long done = System.nanoTime();
                        if (message.equals(reply)) {
                            recorder.record(done - now);
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "a wrong answer: " + reply);
                        }
                        now = done;
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                        now = System.nanoTime();
                    }
                }
            }, "caller-" + i);
            threads.add(caller);
            caller.start();
        }
        long start = System.nanoTime();
        deadline.set(start + (long) (seconds * 1e9));
        go.countDown();
        for (Thread caller : threads) {
            caller.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (firstError.get() != null) {
            System.err.println("bench consumer: " + errors.get() + " error(s), the first: " + firstError.get());
        }
        long[] sorted = LatencyRecorder.sortedOf(recorders);
        return new Run(sorted.length, errors.get(), elapsed, sorted);
    }

    private static void usage(String problem) {
        System.err.println("bench consumer: " + problem);
        System.err.println("usage: BenchConsumer --target NAME=HOST:PORT [--target ...] [--callers N] [--duration S] "
                + "[--warmup S] [--rounds R] [--payload CHARS] [--connections N] [--timeout-ms MS]");
        System.exit(2);
    }
}
