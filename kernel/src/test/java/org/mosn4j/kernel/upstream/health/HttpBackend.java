package org.mosn4j.kernel.upstream.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP/1.1 server on 127.0.0.1 (the JDK's) for health check tests: answers every request with the
 * current {@link #status(int) status} and a body of {@link #bodySize(int) n} bytes, and records what it got.
 */
final class HttpBackend implements AutoCloseable {

    /** What one request looked like. */
    record Seen(String method, String uri, String host, String connection) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private volatile int status = 200;
    private volatile int bodySize = 2;

    HttpBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Connection")));
            byte[] body = new byte[bodySize];
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
            if (!head && body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** Answers with {@code code} from now on. */
    HttpBackend status(int code) {
        status = code;
        return this;
    }

    /** Answers with a body of {@code size} bytes from now on. */
    HttpBackend bodySize(int size) {
        bodySize = size;
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** @return the next request it got, waiting up to 10s */
    Seen nextRequest() throws InterruptedException {
        Seen next = seen.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the backend got no request within 10s");
        }
        return next;
    }

    /** @return how many requests it got that were not taken by {@link #nextRequest()} */
    int unreadRequests() {
        return seen.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
