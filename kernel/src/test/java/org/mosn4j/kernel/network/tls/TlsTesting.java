package org.mosn4j.kernel.network.tls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.mosn4j.kernel.Mosn4jServer;

/** Config text, stats and the openssl s_client client shared by the TLS tests. */
final class TlsTesting {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TlsTesting() {
    }

    /** @return {@code text} as a JSON string literal */
    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A config with the given listeners (JSON objects), an admin API on an ephemeral port and clusters. */
    static String config(String listeners, String clusters) {
        return """
                {"servers": [{"default_log_level": "INFO", "listeners": [%s]}],
                 "cluster_manager": {"clusters": [%s]},
                 "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}}
                """.formatted(listeners, clusters);
    }

    /** A listener on an ephemeral port with the given filter chains and extra keys (each with a leading comma). */
    static String listener(String name, String extra, String... chains) {
        return """
                {"name": "%s", "address": "127.0.0.1:0" %s, "filter_chains": [%s]}
                """.formatted(name, extra, String.join(", ", chains));
    }

    /** A filter chain of the echo filter greeting with {@code greeting}, under {@code tlsContext} (or none when null). */
    static String chain(String greeting, String tlsContext) {
        return """
                {%s "filters": [{"type": "tls_test_echo", "config": {"greeting": "%s"}}]}
                """.formatted(tlsContext == null ? "" : "\"tls_context\": " + tlsContext + ",", greeting);
    }

    /** A server tls_context with the pair's files and extra keys (each with a leading comma). */
    static String serverTls(TestCertificates.Pair pair, String extra) {
        return """
                {"status": true, "cert_chain": %s, "private_key": %s %s}
                """.formatted(quote(pair.cert().toString()), quote(pair.key().toString()), extra);
    }

    /** @return a stats value of a listener ({@code downstream}) or a cluster or host ({@code upstream}) */
    static long stat(Mosn4jServer server, String type, String namespace, String key) {
        Map<String, Long> values = server.stats().snapshot().getOrDefault(type, Map.of()).getOrDefault(namespace, Map.of());
        Long value = values.get(key);
        if (value == null) {
            throw new AssertionError(type + " " + namespace + " has no " + key + ": " + values);
        }
        return value;
    }

    /** Waits (polling, up to 10s) for a listener's stat to satisfy {@code test}; returns its last value. */
    static long awaitListenerStat(Mosn4jServer server, String listener, String key, LongPredicate test)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long value;
        while (!test.test(value = stat(server, "downstream", "listener." + listener, key))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("listener." + listener + " " + key + " stayed at " + value);
            }
            Thread.sleep(20);
        }
        return value;
    }

    /**
     * Runs {@code openssl s_client}, sends a line once the greeting arrived, and ends it once the output
     * satisfies {@code done} (or the timeout passes).
     *
     * @return everything it printed
     */
    static String sClient(TestCertificates certs, InetSocketAddress address, String line, Predicate<String> done,
            String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TestCertificates.openssl().toString(), "s_client", "-connect",
                "127.0.0.1:" + address.getPort()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(certs.dir().toFile()).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             OutputStream stdin = process.getOutputStream()) {
            boolean sent = false;
            String outputLine;
            while ((outputLine = in.readLine()) != null) {
                output.append(outputLine).append('\n');
                if (!sent && line != null && outputLine.startsWith("greeting")) {
                    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                    sent = true;
                }
                if (done.test(output.toString()) || System.nanoTime() > deadline) {
                    break;
                }
            }
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        return output.toString();
    }
}
