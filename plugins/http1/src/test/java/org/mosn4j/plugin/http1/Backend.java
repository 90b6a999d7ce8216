package org.mosn4j.plugin.http1;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 backend on 127.0.0.1 (the JDK's HTTP server): {@code /echo} answers with the request body,
 * {@code /sha256} with the body's digest, {@code /headers} with the request headers it got, {@code /hang}
 * never answers, {@code /hold} answers once {@link #release()} was called, anything else with "hello from NAME".
 */
final class Backend implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.concurrent.CompletableFuture<IOException> bodyReadFailure = new java.util.concurrent.CompletableFuture<>();
    private final String name;
    private final int defaultStatus;
    private final java.util.concurrent.Semaphore held = new java.util.concurrent.Semaphore(0);
    private final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);

    Backend(String name) throws IOException {
        this(name, 200);
    }

    /** @param defaultStatus the status of the default answer ("hello from NAME") */
    Backend(String name, int defaultStatus) throws IOException {
        this.name = name;
        this.defaultStatus = defaultStatus;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            switch (path) {
                case "/echo" -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    respond(exchange, 200, body);
                }
                case "/sha256" -> {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    InputStream in = exchange.getRequestBody();
                    byte[] buf = new byte[64 * 1024];
                    long total = 0;
                    int n;
                    try {
                        while ((n = in.read(buf)) >= 0) {
                            digest.update(buf, 0, n);
                            total += n;
                        }
                    } catch (IOException e) {
                        bodyReadFailure.complete(e);
                        throw e;
                    }
                    respond(exchange, 200, (total + " " + HexFormat.of().formatHex(digest.digest()))
                            .getBytes(StandardCharsets.US_ASCII));
                }
                case "/headers" -> {
                    StringBuilder out = new StringBuilder();
                    exchange.getRequestHeaders().forEach((k, v) -> out.append(k.toLowerCase()).append(": ")
                            .append(String.join(",", v)).append('\n'));
                    out.append("uri: ").append(exchange.getRequestURI()).append('\n');
                    respond(exchange, 200, out.toString().getBytes(StandardCharsets.UTF_8));
                }
                case "/hang" -> {
                    exchange.getRequestBody().readAllBytes();
                    Thread.sleep(Long.MAX_VALUE);
                }
                case "/hold" -> {
                    held.release();
                    if (!gate.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IOException("never released");
                    }
                    respond(exchange, 200, ("released by " + name).getBytes(StandardCharsets.US_ASCII));
                }
                case "/status/503" -> respond(exchange, 503, "unavailable".getBytes(StandardCharsets.US_ASCII));
                default -> respond(exchange, defaultStatus, ("hello from " + name).getBytes(StandardCharsets.US_ASCII));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return completes when reading a {@code /sha256} request body failed, e.g. because the proxy closed it */
    java.util.concurrent.CompletableFuture<IOException> bodyReadFailure() {
        return bodyReadFailure;
    }

    /**
     * Waits for {@code count} more {@code /hold} requests to arrive.
     *
     * @return whether they did within 20 seconds
     */
    boolean awaitHeld(int count) throws InterruptedException {
        return held.tryAcquire(count, 20, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Lets every held {@code /hold} request, and any later one, be answered. */
    void release() {
        gate.countDown();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
