package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A soak through the unpacked distribution: HTTP/1.1 clients on an Http1 listener and HTTP/2 clients (h2c upgrade)
 * on an Auto listener, both routed with retries to a health-checked cluster, and Dubbo clients (Dubbo 2 frames on
 * raw sockets) on a dubbo listener routed with retries to a health-checked cluster of two Dubbo providers, for
 * {@code soak.duration} (an ISO-8601 duration, default PT60S). Meanwhile one HTTP backend and one Dubbo provider
 * are killed and revived every few seconds and the admin API replaces the HTTP cluster's host list and the router
 * config in turn. Nothing may be lost: every request sent is answered (200, or a Dubbo reply with status OK),
 * except requests cut in flight, at most one per client per kill. mosn4j's RSS, sampled throughout,
 * must stay within 1.5 times its value after warm-up, no buffer may leak, and mosn4j must exit 0.
 *
 * <p>The samples and totals are printed and written to {@code target/soak-report.txt} ({@code bench/soak.sh}
 * shows that file).
 */
class SoakIT {

    private static final int HTTP1_CLIENTS = 2;
    private static final int HTTP2_CLIENTS = 2;
    private static final int DUBBO_CLIENTS = 2;
    private static final int CLIENTS = HTTP1_CLIENTS + HTTP2_CLIENTS + DUBBO_CLIENTS;
    private static final String DUBBO_SERVICE = "org.example.Soak";
    /**
     * The pause between a Dubbo client's calls. Unpaced, two Dubbo clients make some twenty times the calls of the
     * four HTTP clients and starve the rest of a 2-core machine (health checks time out); paced, the mix stays one
     * where each protocol carries a share of the load.
     */
    private static final Duration DUBBO_PAUSE = Duration.ofMillis(5);
    private static final Duration KILL_EVERY = Duration.ofSeconds(4);
    private static final Duration DEAD_FOR = Duration.ofMillis(1500);
    private static final Duration UPDATE_EVERY = Duration.ofSeconds(2);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    private static final double RSS_GROWTH_LIMIT = 1.5;
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    @TempDir
    Path dir;

    /** One RSS and heap sample of the mosn4j process. */
    private record Sample(long atMillis, long rssKb, long heapUsedKb, long sent, long answered) {
    }

    private static String dubboRouter() {
        return """
                {"router_config_name": "dubbo_r", "virtual_hosts": [{"name": "all", "domains": ["*"], "routers": [
                   {"match": {"headers": [{"name": "service", "value": ".*", "regex": true}]},
                    "route": {"cluster_name": "providers",
                       "retry_policy": {"retry_on": true, "num_retries": 3}}}]}]}
                """;
    }

    private static String hostList(ResilienceBackend... hosts) {
        StringBuilder list = new StringBuilder();
        for (ResilienceBackend host : hosts) {
            list.append(list.length() == 0 ? "" : ", ").append("{\"address\": \"").append(host.address()).append("\"}");
        }
        return "[" + list + "]";
    }

    /** The router config; {@code variant} 1 adds a second route so that each update really changes the table. */
    private static String router(int variant) {
        String retry = "\"retry_policy\": {\"retry_on\": true, \"num_retries\": 3}";
        String extra = variant == 0 ? "" : """
                {"match": {"prefix": "/soak/"}, "route": {"cluster_name": "backends", %s}},
                """.formatted(retry);
        return """
                {"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"], "routers": [
                   %s {"match": {"prefix": "/"}, "route": {"cluster_name": "backends", %s}}]}]}
                """.formatted(extra, retry);
    }

    private static String config(String hosts, DubboBackend... providers) {
        StringBuilder providerList = new StringBuilder();
        for (DubboBackend provider : providers) {
            providerList.append(providerList.length() == 0 ? "" : ", ").append("{\"address\": \"")
                    .append(provider.address()).append("\"}");
        }
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "5s",
                    "routers": [%s, %s],
                    "listeners": [{
                      "name": "web", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http1",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }, {
                      "name": "auto", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Auto",
                         "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }, {
                      "name": "dubbo", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "dubbo",
                         "upstream_protocol": "dubbo", "router_config_name": "dubbo_r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "backends", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "health_check": {"protocol": "http", "timeout": "300ms", "interval": "500ms",
                        "interval_jitter": "0s", "healthy_threshold": 2, "unhealthy_threshold": 2,
                        "check_config": {"http_check_config": {"path": "/health", "codes": [200]}}},
                     "hosts": %s},
                    {"name": "providers", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "health_check": {"protocol": "tcp", "timeout": "300ms", "interval": "500ms",
                        "interval_jitter": "0s", "healthy_threshold": 2, "unhealthy_threshold": 2},
                     "hosts": [%s]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(router(0), dubboRouter(), hosts, providerList);
    }

    @Test
    void mixedLoadThroughBackendKillsAndConfigUpdatesLosesNothingAndKeepsMemoryBounded() throws Exception {
        Duration duration = Duration.parse(System.getProperty("soak.duration", "PT60S"));
        assertTimeoutPreemptively(duration.plus(Duration.ofMinutes(2)), () -> soak(duration));
    }

    private void soak(Duration duration) throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (ResilienceBackend a = new ResilienceBackend("a");
             ResilienceBackend b = new ResilienceBackend("b");
             ResilienceBackend c = new ResilienceBackend("c");
             DubboBackend providerA = new DubboBackend("dubbo-a");
             DubboBackend providerB = new DubboBackend("dubbo-b");
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("soak.json",
                     config(hostList(a, b), providerA, providerB)).toString())) {
            int http1Port = mosn.listenerPort("web");
            int autoPort = mosn.listenerPort("auto");
            int dubboPort = mosn.listenerPort("dubbo");
            int adminPort = mosn.adminPort();
            mosn.awaitStarted();
            Load load = new Load();
            HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpClient admin = HttpClient.newHttpClient();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService workers = Executors.newFixedThreadPool(CLIENTS + 2);
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < DUBBO_CLIENTS; i++) {
                tasks.add(workers.submit(() -> {
                    load.driveDubbo(dubboPort, running);
                    return null;
                }));
            }
            for (int i = 0; i < HTTP1_CLIENTS + HTTP2_CLIENTS; i++) {
                boolean h2 = i >= HTTP1_CLIENTS;
                URI uri = URI.create("http://127.0.0.1:" + (h2 ? autoPort : http1Port) + (i % 2 == 0 ? "/" : "/soak/x"));
                tasks.add(workers.submit(() -> load.drive(h2 ? http2 : http1, uri, h2, running)));
            }
            AtomicLong kills = new AtomicLong();
            tasks.add(workers.submit(() -> {
                churnBackends(b, providerB, load, kills, running);
                return null;
            }));
            AtomicLong updates = new AtomicLong();
            tasks.add(workers.submit(() -> {
                updateConfig(admin, adminPort, a, b, c, updates, running);
                return null;
            }));

            long pid = mosn.pid();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long warmUpEnd = start + Math.min(TimeUnit.SECONDS.toNanos(15), duration.toNanos() / 4);
            List<Sample> samples = new ArrayList<>();
            Sample afterWarmUp = null;
            try {
                while (System.nanoTime() < end) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(SAMPLE_EVERY.toNanos(), Math.max(0, end - System.nanoTime())));
                    Sample sample = new Sample(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), rssKb(pid),
                            heapUsedKb(pid), load.sent.sum(), load.answered.sum());
                    samples.add(sample);
                    if (afterWarmUp == null && System.nanoTime() >= warmUpEnd) {
                        afterWarmUp = sample;
                    }
                    for (Future<?> task : tasks) {
                        if (task.isDone()) {
                            task.get();
                        }
                    }
                }
            } finally {
                running.set(false);
                workers.shutdown();
                assertTrue(workers.awaitTermination(60, TimeUnit.SECONDS), "the load and churn did not stop");
            }
            for (Future<?> task : tasks) {
                task.get();
            }
            String report = report(duration, samples, afterWarmUp, load, kills.get(), updates.get());
            System.out.print(report);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/soak-report.txt"), report);

            assertTrue(kills.get() > 0 && updates.get() > 0, "no churn happened: " + kills + " kills, " + updates + " updates");
            assertTrue(load.answeredHttp2.sum() > 0, "no request was answered over HTTP/2");
            assertTrue(load.answeredDubbo.sum() > 0, "no Dubbo call was answered");
            // b is the backend that dies and comes back, c the one that host updates add and remove; dubbo-b is
            // the provider that dies and comes back.
            for (String backend : List.of("a", "b", "c", "dubbo-a", "dubbo-b")) {
                assertTrue(load.answeredBy.containsKey(backend), backend + " answered nothing: " + load.answeredBy);
            }
            assertTrue(load.failed.isEmpty(), "failed requests: " + load.failed);
            // A request that already reached the backend when it was killed may have had effects there, so retries
            // are not bound to cover it. Each client has one request in flight, so at most one per client per kill.
            assertTrue(load.cutInFlight.sum() <= (long) CLIENTS * kills.get(),
                    load.cutInFlight.sum() + " requests cut in flight over " + kills + " kills");
            assertEquals(load.sent.sum(), load.answered.sum() + load.cutInFlight.sum(), "requests lost");
            Sample last = samples.get(samples.size() - 1);
            assertTrue(afterWarmUp != null && last.rssKb() <= afterWarmUp.rssKb() * RSS_GROWTH_LIMIT,
                    "RSS grew from " + (afterWarmUp == null ? "?" : afterWarmUp.rssKb()) + " kB after warm-up to "
                            + last.rssKb() + " kB");

            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
        }
    }

    /** The clients' counts; a request is either answered, cut in flight or failed with a reason. */
    private static final class Load {
        final LongAdder sent = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder answeredHttp2 = new LongAdder();
        final LongAdder answeredDubbo = new LongAdder();
        final Map<String, LongAdder> answeredBy = new ConcurrentHashMap<>();
        final LongAdder cutInFlight = new LongAdder();
        final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
        final List<long[]> kills = new CopyOnWriteArrayList<>();

        void drive(HttpClient client, URI uri, boolean h2, AtomicBoolean running) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
            while (running.get()) {
                long startedAt = System.nanoTime();
                sent.increment();
                String reason;
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        answered.increment();
                        answeredBy.computeIfAbsent(response.body(), k -> new LongAdder()).increment();
                        if (response.version() == HttpClient.Version.HTTP_2) {
                            answeredHttp2.increment();
                        }
                        continue;
                    }
                    reason = (h2 ? "h2 " : "http1 ") + response.statusCode() + " "
                            + response.headers().firstValue("x-mosn4j-response-flag").orElse("");
                } catch (IOException e) {
                    reason = (h2 ? "h2 " : "http1 ") + e.getClass().getSimpleName();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (killedDuring(startedAt, System.nanoTime())) {
                    cutInFlight.increment();
                } else {
                    failed.computeIfAbsent(reason.trim(), k -> new LongAdder()).increment();
                }
            }
        }

        /**
         * One Dubbo call at a time on one connection, {@link #DUBBO_PAUSE} apart, the connection opened again
         * after it fails. A call is answered when its reply has its id, status OK and a provider's name as its
         * value.
         */
        void driveDubbo(int port, AtomicBoolean running) throws InterruptedException {
            Socket socket = null;
            long id = 0;
            try {
                while (running.get()) {
                    TimeUnit.NANOSECONDS.sleep(DUBBO_PAUSE.toNanos());
                    long startedAt = System.nanoTime();
                    sent.increment();
                    String reason;
                    try {
                        if (socket == null) {
                            socket = new Socket("127.0.0.1", port);
                            socket.setSoTimeout(20_000);
                        }
                        id++;
                        socket.getOutputStream().write(DubboWire.call(id, DUBBO_SERVICE, "hello", Map.of()));
                        DubboWire.Frame reply = DubboWire.read(socket.getInputStream());
                        if (reply.id() == id && reply.status() == DubboWire.OK) {
                            answered.increment();
                            answeredDubbo.increment();
                            answeredBy.computeIfAbsent(DubboWire.readValue(reply.body()), k -> new LongAdder())
                                    .increment();
                            continue;
                        }
                        reason = reply.id() != id ? "dubbo reply to call " + reply.id() + " for call " + id
                                : "dubbo status " + reply.status();
                    } catch (IOException e) {
                        reason = "dubbo " + e.getClass().getSimpleName();
                        closeQuietly(socket);
                        socket = null;
                    }
                    if (killedDuring(startedAt, System.nanoTime())) {
                        cutInFlight.increment();
                    } else {
                        failed.computeIfAbsent(reason, k -> new LongAdder()).increment();
                    }
                }
            } finally {
                closeQuietly(socket);
            }
        }

        private static void closeQuietly(Socket socket) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a connection that failed
                }
            }
        }

        /** @return whether the backend was killed while this request was in flight */
        private boolean killedDuring(long startedAt, long endedAt) {
            for (long[] kill : kills) {
                if (kill[0] >= startedAt && kill[0] <= endedAt) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Kills an HTTP backend and a Dubbo provider together, and revives them together. */
    private static void churnBackends(ResilienceBackend backend, DubboBackend provider, Load load, AtomicLong kills,
            AtomicBoolean running) throws Exception {
        while (running.get()) {
            TimeUnit.NANOSECONDS.sleep(KILL_EVERY.minus(DEAD_FOR).toNanos());
            if (!running.get()) {
                return;
            }
            load.kills.add(new long[] {System.nanoTime()});
            backend.kill();
            provider.kill();
            kills.incrementAndGet();
            TimeUnit.NANOSECONDS.sleep(DEAD_FOR.toNanos());
            backend.revive();
            provider.revive();
        }
    }

    /** Alternates a host-list update ([a, b] and [a, b, c]) and a router update (two variants). */
    private static void updateConfig(HttpClient admin, int adminPort, ResilienceBackend a, ResilienceBackend b,
            ResilienceBackend c, AtomicLong updates, AtomicBoolean running) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + adminPort + "/api/v1/config/update");
        for (int round = 1; running.get(); round++) {
            TimeUnit.NANOSECONDS.sleep(UPDATE_EVERY.toNanos());
            String body = round % 2 == 1
                    ? "{\"hosts\": {\"backends\": " + (round % 4 == 1 ? hostList(a, b, c) : hostList(a, b)) + "}}"
                    : "{\"routers\": [" + router(round % 4 == 2 ? 1 : 0) + "]}";
            HttpResponse<String> answer = admin.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), body + " -> " + answer.body());
            updates.incrementAndGet();
        }
    }

    private static long rssKb(long pid) throws IOException {
        Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
        assertTrue(m.find(), "no VmRSS for pid " + pid);
        return Long.parseLong(m.group(1));
    }

    /** @return the heap in use from {@code jcmd PID GC.heap_info}, or -1 when jcmd is missing or says nothing usable */
    private static long heapUsedKb(long pid) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            Matcher m = HEAP_USED.matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String report(Duration duration, List<Sample> samples, Sample afterWarmUp, Load load, long kills,
            long updates) {
        StringBuilder out = new StringBuilder();
        out.append("soak ").append(duration).append(": ").append(HTTP1_CLIENTS).append(" HTTP/1.1 + ")
                .append(HTTP2_CLIENTS).append(" HTTP/2 + ").append(DUBBO_CLIENTS)
                .append(" Dubbo clients (").append(DUBBO_PAUSE.toMillis())
                .append(" ms between calls), backend and provider killed every ").append(KILL_EVERY.toMillis())
                .append(" ms for ").append(DEAD_FOR.toMillis()).append(" ms, config update every ")
                .append(UPDATE_EVERY.toMillis()).append(" ms\n");
        out.append(String.format("%8s %10s %12s %10s %10s%n", "t (s)", "RSS (MB)", "heap used (MB)", "sent", "answered"));
        for (Sample s : samples) {
            out.append(String.format("%8.1f %10.1f %12s %10d %10d%n", s.atMillis() / 1000.0, s.rssKb() / 1024.0,
                    s.heapUsedKb() < 0 ? "n/a" : String.format("%.1f", s.heapUsedKb() / 1024.0), s.sent(), s.answered()));
        }
        Map<String, Long> failed = new TreeMap<>();
        load.failed.forEach((k, v) -> failed.put(k, v.sum()));
        Sample last = samples.get(samples.size() - 1);
        out.append("TOTAL sent=").append(load.sent.sum()).append(" answered=").append(load.answered.sum())
                .append(" (http2 ").append(load.answeredHttp2.sum()).append(", dubbo ").append(load.answeredDubbo.sum())
                .append(") cut_in_flight=")
                .append(load.cutInFlight.sum()).append(" failed=").append(failed).append(" answered_by=")
                .append(new TreeMap<>(load.answeredBy)).append(" kills=").append(kills)
                .append(" config_updates=").append(updates).append('\n');
        out.append("RSS after warm-up ").append(afterWarmUp == null ? "n/a" : afterWarmUp.rssKb() / 1024 + " MB")
                .append(", at the end ").append(last.rssKb() / 1024).append(" MB (limit ").append(RSS_GROWTH_LIMIT)
                .append("x)\n");
        return out.toString();
    }
}
