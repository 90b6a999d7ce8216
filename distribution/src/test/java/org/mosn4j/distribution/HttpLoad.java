package org.mosn4j.distribution;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous HTTP/1.1 GETs from plain sockets, counting every outcome. Some threads keep their connection
 * alive, the others open a new connection for every request. Nothing is retried except what HTTP/1.1 allows a
 * client (RFC 9112, 9.3.1): a request on a reused keep-alive connection that the server closed before sending
 * any byte of a response is sent once more on a new connection; such retries are counted apart. Any other
 * error, status or body is a failure: a refused or reset connect, a new connection closed early, a response cut
 * short.
 */
final class HttpLoad implements AutoCloseable {

    private static final int MAX_SAMPLES = 20;

    private final InetSocketAddress target;
    private final String path;
    private final String expectedBody;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final List<String> failures = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Starts the load.
     *
     * @param keepAliveThreads threads that reuse their connection until the server closes it
     * @param newConnectionThreads threads that open a connection per request
     */
    HttpLoad(InetSocketAddress target, String path, String expectedBody, int keepAliveThreads, int newConnectionThreads) {
        this.target = target;
        this.path = path;
        this.expectedBody = expectedBody;
        for (int i = 0; i < keepAliveThreads; i++) {
            threads.add(new Thread(this::keepAliveLoop, "load-keep-alive-" + i));
        }
        for (int i = 0; i < newConnectionThreads; i++) {
            threads.add(new Thread(this::newConnectionLoop, "load-new-connection-" + i));
        }
        threads.forEach(Thread::start);
    }

    long ok() {
        return ok.get();
    }

    long failed() {
        return failed.get();
    }

    long retried() {
        return retried.get();
    }

    long connections() {
        return connections.get();
    }

    List<String> failureSamples() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Waits until {@code count} more requests succeeded than when called. */
    void awaitMoreOk(long count, Duration timeout) throws InterruptedException {
        long target = ok.get() + count;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ok.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + ok.get() + " of " + target + " requests succeeded within " + timeout
                        + "; " + this);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    @Override
    public String toString() {
        return ok.get() + " ok, " + failed.get() + " failed, " + retried.get() + " retried after an idle keep-alive close, "
                + connections.get() + " connections";
    }

    /** Stops the threads and waits for them. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private void keepAliveLoop() {
        Connection connection = null;
        while (running.get()) {
            try {
                if (connection == null) {
                    connection = new Connection();
                    exchange(connection, false);
                } else {
                    try {
                        exchange(connection, false);
                    } catch (ClosedBeforeResponse e) {
                        connection.close();
                        connection = null;
                        retried.incrementAndGet();
                        connection = new Connection();
                        exchange(connection, false);
                    }
                }
                if (connection.closeAfterResponse) {
                    connection.close();
                    connection = null;
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }
        }
        if (connection != null) {
            connection.close();
        }
    }

    private void newConnectionLoop() {
        while (running.get()) {
            try (Connection connection = new Connection()) {
                exchange(connection, true);
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }
    }

    private void fail(Exception e) {
        failed.incrementAndGet();
        synchronized (failures) {
            if (failures.size() < MAX_SAMPLES) {
                failures.add(Thread.currentThread().getName() + ": " + e);
            }
        }
    }

    /** One request and its response; counts a success. */
    private void exchange(Connection connection, boolean close) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + target.getHostString() + ":" + target.getPort()
                + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
        boolean reused = connection.requests++ > 0;
        try {
            connection.out.write(request.getBytes(StandardCharsets.US_ASCII));
            connection.out.flush();
        } catch (IOException e) {
            if (reused) {
                throw new ClosedBeforeResponse(e);
            }
            throw e;
        }
        int first;
        try {
            first = connection.in.read();
        } catch (IOException e) {
            if (reused) {
                throw new ClosedBeforeResponse(e);
            }
            throw e;
        }
        if (first < 0) {
            if (reused) {
                throw new ClosedBeforeResponse(new EOFException("closed before the response"));
            }
            throw new EOFException("new connection closed before the response");
        }
        String statusLine = (char) first + readLine(connection.in);
        if (!statusLine.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("status line " + statusLine);
        }
        long contentLength = -1;
        boolean chunked = false;
        for (String header; !(header = readLine(connection.in)).isEmpty(); ) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                connection.closeAfterResponse = true;
            }
        }
        String body = chunked ? readChunked(connection.in) : readFixed(connection.in, contentLength);
        if (!expectedBody.equals(body)) {
            throw new IOException("body " + body);
        }
        ok.incrementAndGet();
    }

    private static String readFixed(InputStream in, long length) throws IOException {
        if (length < 0) {
            throw new IOException("no content-length");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new EOFException("body cut at " + body.length + " of " + length + " bytes");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            byte[] chunk = in.readNBytes(length);
            if (chunk.length < length) {
                throw new EOFException("chunk cut short");
            }
            body.writeBytes(chunk);
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException("response cut after " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** A reused connection ended before any byte of the response: the request may be sent again. */
    private static final class ClosedBeforeResponse extends IOException {
        private static final long serialVersionUID = 1L;

        ClosedBeforeResponse(IOException cause) {
            super(cause);
        }
    }

    private final class Connection implements AutoCloseable {
        final Socket socket = new Socket();
        final InputStream in;
        final OutputStream out;
        int requests;
        boolean closeAfterResponse;

        Connection() throws IOException {
            try {
                socket.connect(target, 5000);
                socket.setSoTimeout(10_000);
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            connections.incrementAndGet();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing after a failure
            }
        }
    }
}
