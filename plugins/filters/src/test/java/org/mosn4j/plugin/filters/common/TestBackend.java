package org.mosn4j.plugin.filters.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A real HTTP/1.1 backend on 127.0.0.1 (the JDK's HTTP server) that records every request it gets. Paths:
 * {@code /echo} answers with the request body; {@code /headers} with the request headers as text;
 * {@code /text} with {@link #TEXT} as {@code text/plain} with a Content-Length; {@code /small} with 10 bytes of
 * text; {@code /stream} with a chunked text body in two parts, the second sent once {@link #releaseStream()} is
 * called; {@code /gzipped} with a body already gzip-encoded; {@code /status/NNN} with that status and no body;
 * {@code /early} answers 200 and starts a chunked body before reading the request, then waits for
 * {@link #releaseStream()}; {@code /hang} never answers; anything else "hello from NAME" as text/plain.
 */
public final class TestBackend implements AutoCloseable {

    /** The {@code /text} body: compressible text of 20,000 bytes. */
    public static final String TEXT = "The quick brown fox jumps over the lazy dog. 0123456789\n".repeat(364).substring(0, 20_000);

    /** A request as the backend received it. */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {

        /** @return the first value of a header (lower-case name), or null */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String name;
    private final AtomicInteger requests = new AtomicInteger();
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch streamRelease = new CountDownLatch(1);

    public TestBackend(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.equals("/early")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("started\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                streamRelease.await(30, TimeUnit.SECONDS);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
            if (path.startsWith("/status/")) {
                exchange.sendResponseHeaders(Integer.parseInt(path.substring("/status/".length())), -1);
                return;
            }
            switch (path) {
                case "/echo" -> respond(exchange, 200, "application/octet-stream", body);
                case "/headers" -> {
                    StringBuilder out = new StringBuilder();
                    headers.forEach((k, v) -> out.append(k).append(": ").append(String.join(",", v)).append('\n'));
                    respond(exchange, 200, "text/plain", out.toString().getBytes(StandardCharsets.UTF_8));
                }
                case "/text" -> respond(exchange, 200, "text/plain; charset=utf-8", TEXT.getBytes(StandardCharsets.US_ASCII));
                case "/small" -> respond(exchange, 200, "text/plain", "0123456789".getBytes(StandardCharsets.US_ASCII));
                case "/gzipped" -> {
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    respond(exchange, 200, "text/plain", Gzip.compress(TEXT.getBytes(StandardCharsets.US_ASCII)));
                }
                case "/stream" -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/plain");
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    out.write("first part\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    streamRelease.await(30, TimeUnit.SECONDS);
                    out.write("second part\n".getBytes(StandardCharsets.US_ASCII));
                    out.close();
                }
                case "/hang" -> Thread.sleep(Long.MAX_VALUE);
                default -> respond(exchange, 200, "text/plain", ("hello from " + name).getBytes(StandardCharsets.US_ASCII));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** @return {@code 127.0.0.1:port} */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Lets {@code /stream} and {@code /early} go on. */
    public void releaseStream() {
        streamRelease.countDown();
    }

    /** @return how many requests arrived (counted when a handler starts) */
    public int requests() {
        return requests.get();
    }

    /**
     * @return the next request received, waiting up to {@code seconds}
     * @throws AssertionError when none arrives in time
     */
    public Received next(long seconds) throws InterruptedException {
        Received next = received.poll(seconds, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("backend " + name + " got no request within " + seconds + "s");
        }
        return next;
    }

    /** @return a request received already, or null */
    public Received poll() {
        return received.poll();
    }

    @Override
    public void close() {
        releaseStream();
        server.stop(0);
        executor.shutdownNow();
    }

    /** gzip helpers for tests. */
    public static final class Gzip {
        private Gzip() {
        }

        public static byte[] compress(byte[] data) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(data);
            }
            return out.toByteArray();
        }

        public static byte[] decompress(byte[] data) throws IOException {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
                return in.readAllBytes();
            }
        }
    }
}
