package org.mosn4j.distribution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 backend on 127.0.0.1 for the filter tests (the JDK's HTTP server), recording each request:
 * {@code /text} answers {@link #TEXT} as text/plain, {@code /echo} the request body, anything else "hello from
 * NAME".
 */
final class FiltersBackend implements AutoCloseable {

    /** Compressible text of 20,000 bytes. */
    static final String TEXT = "The quick brown fox jumps over the lazy dog. 0123456789\n".repeat(364).substring(0, 20_000);

    /** A request as received. */
    record Received(String method, String path, String host, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final String name;

    FiltersBackend(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().toString();
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Host"), body));
            byte[] answer = switch (exchange.getRequestURI().getPath()) {
                case "/text" -> TEXT.getBytes(StandardCharsets.US_ASCII);
                case "/echo" -> body;
                default -> ("hello from " + name).getBytes(StandardCharsets.US_ASCII);
            };
            exchange.getResponseHeaders().set("Content-Type", path.startsWith("/echo") ? "application/octet-stream" : "text/plain");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** @return the next request received, waiting up to 20 s */
    Received next() throws InterruptedException {
        Received next = received.poll(20, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("backend " + name + " got no request within 20s");
        }
        return next;
    }

    /** Forgets the requests received so far. */
    void clear() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
