package org.mosn4j.plugin.filters.flowcontrol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 backend on plain sockets for what the JDK's server cannot show: it reads a request's head and
 * then either closes the connection without answering (path {@code .../reset}) or stays silent and reports
 * when the proxy closes the connection (any other path).
 */
public final class RawBackend implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<String> closedByProxy = new LinkedBlockingQueue<>();

    public RawBackend() throws IOException {
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    threads.execute(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String path = head.split(" ", 3)[1];
            received.add(path);
            if (path.endsWith("/reset")) {
                socket.setSoLinger(true, 0);
                return;
            }
            while (in.read() >= 0) {
                // a silent backend: wait for the proxy to give up on the request
            }
            closedByProxy.add(path);
        } catch (IOException e) {
            closedByProxy.add("error: " + e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /** @return {@code 127.0.0.1:port} */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** @return the path of the next request that arrived, waiting up to 10 s */
    public String nextRequest() throws InterruptedException {
        return await(received, "no request reached the backend");
    }

    /** @return the path of the next silent request whose connection the proxy closed, waiting up to 10 s */
    public String nextClosedByProxy() throws InterruptedException {
        return await(closedByProxy, "the proxy did not close a silent request's connection");
    }

    private static String await(LinkedBlockingQueue<String> queue, String problem) throws InterruptedException {
        String next = queue.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError(problem + " within 10s");
        }
        return next;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
