package org.mosn4j.distribution;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 backend on 127.0.0.1 that misbehaves in one chosen way, from plain sockets so that every byte and
 * close is under the test's control. Keep-alive connections are served request after request.
 */
final class FaultBackend implements AutoCloseable {

    /** How the backend answers each request. */
    enum Behaviour {
        /** {@code 200} with the body {@code ok}. */
        OK,
        /** Status line, headers for a 1000-byte body and 100 bytes of it, then the connection is closed. */
        DIES_MID_RESPONSE,
        /** Reads the request and never answers, keeping the connection open. */
        NEVER_ANSWERS,
        /** {@code 200} with the body {@code slow}, every byte of the response written on its own, 5 ms apart. */
        BYTE_BY_BYTE,
        /** Reads the request, closes its write side (FIN) without answering, and keeps reading. */
        CLOSES_WRITE_SIDE
    }

    static final byte[] OK_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII);
    static final byte[] SLOW_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow"
            .getBytes(StandardCharsets.US_ASCII);

    private final Behaviour behaviour;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Connections between the first byte of a request and the end of its answer (or of the connection). */
    private final Set<Socket> busy = ConcurrentHashMap.newKeySet();

    FaultBackend(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (readRequest(in, () -> busy.add(socket))) {
                switch (behaviour) {
                    case OK -> out.write(OK_RESPONSE);
                    case DIES_MID_RESPONSE -> {
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(100))
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    }
                    case NEVER_ANSWERS -> drain(in);
                    case BYTE_BY_BYTE -> {
                        for (byte b : SLOW_RESPONSE) {
                            out.write(b);
                            out.flush();
                            TimeUnit.MILLISECONDS.sleep(5);
                        }
                    }
                    case CLOSES_WRITE_SIDE -> {
                        socket.shutdownOutput();
                        drain(in);
                    }
                }
                out.flush();
                busy.remove(socket);
            }
        } catch (IOException | InterruptedException ended) {
            // the proxy closed or reset the connection, or the backend is closing
        } finally {
            busy.remove(socket);
            sockets.remove(socket);
        }
    }

    /**
     * Reads one request's head and its Content-Length body.
     *
     * @param started run when the request's first byte has arrived
     * @return false at the end of the connection
     */
    private static boolean readRequest(InputStream in, Runnable started) throws IOException {
        StringBuilder line = new StringBuilder();
        long contentLength = 0;
        boolean first = true;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return false;
            }
            if (first && line.isEmpty()) {
                started.run();
            }
            if (c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
                continue;
            }
            if (line.isEmpty() && !first) {
                break;
            }
            String header = line.toString().toLowerCase(Locale.ROOT);
            if (header.startsWith("content-length:")) {
                contentLength = Long.parseLong(header.substring("content-length:".length()).trim());
            }
            first = false;
            line.setLength(0);
        }
        for (long i = 0; i < contentLength; i++) {
            if (in.read() < 0) {
                return false;
            }
        }
        return true;
    }

    private static void drain(InputStream in) throws IOException {
        while (in.read() >= 0) {
            // the proxy gives up on the request and closes the connection in the end
        }
    }

    /**
     * @return connections with a request begun and not answered: a request cut short, or one this backend will
     *         never answer. An idle connection the proxy keeps in its pool is not one of them.
     */
    int busyConnections() {
        return busy.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        threads.shutdownNow();
    }
}
