package org.mosn4j.distribution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP backend for the upstream resilience tests: {@code /health} answers 200, {@code /hold} answers once
 * {@link #release()} was called, {@code /headers} echoes the request headers, anything else answers with the
 * backend's name. It can be stopped (connections dropped) and started again on the same port.
 */
final class ResilienceBackend implements AutoCloseable {

    private final String name;
    private final Semaphore held = new Semaphore(0);
    private final CountDownLatch gate = new CountDownLatch(1);
    final AtomicInteger requests = new AtomicInteger();
    private final int port;
    private HttpServer server;
    private ExecutorService executor;

    ResilienceBackend(String name) throws IOException {
        this(name, 0);
    }

    private ResilienceBackend(String name, int port) throws IOException {
        this.name = name;
        start(port);
        this.port = server.getAddress().getPort();
    }

    private void start(int onPort) throws IOException {
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/health")) {
                requests.incrementAndGet();
            }
            switch (path) {
                case "/hold" -> {
                    held.release();
                    if (!gate.await(60, TimeUnit.SECONDS)) {
                        throw new IOException("never released");
                    }
                    respond(exchange, "released by " + name);
                }
                case "/headers" -> {
                    StringBuilder out = new StringBuilder();
                    exchange.getRequestHeaders().forEach((k, v) -> out.append(k.toLowerCase()).append(": ")
                            .append(String.join(",", v)).append('\n'));
                    respond(exchange, out.toString());
                }
                default -> respond(exchange, name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** @return whether {@code count} more {@code /hold} requests arrived within 20 seconds */
    boolean awaitHeld(int count) throws InterruptedException {
        return held.tryAcquire(count, 20, TimeUnit.SECONDS);
    }

    /** Lets every held request, and any later one, be answered. */
    void release() {
        gate.countDown();
    }

    /** Stops listening and drops every connection at once, like a killed process. */
    void kill() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Listens again on the same port. */
    void revive() throws IOException {
        start(port);
    }

    @Override
    public void close() {
        kill();
    }
}
