package org.mosn4j.distribution;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Dubbo provider on raw sockets that answers every two-way call with its name and every heartbeat with an
 * empty heartbeat response. It can be killed (listening socket and connections closed at once) and revived on
 * the same port.
 */
final class DubboBackend implements AutoCloseable {

    private static final int HEARTBEAT = 0x20;

    private final String name;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private ExecutorService threads;

    DubboBackend(String name) throws IOException {
        this.name = name;
        start(0);
        port = server.getLocalPort();
    }

    private void start(int onPort) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 128);
        threads = Executors.newCachedThreadPool();
        ServerSocket listening = server;
        threads.execute(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket socket = listening.accept();
                    sockets.add(socket);
                    threads.execute(() -> serve(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                DubboWire.Frame request = DubboWire.read(in);
                if ((request.flags() & HEARTBEAT) != 0) {
                    out.write(DubboWire.frame(DubboWire.RESPONSE | HEARTBEAT, DubboWire.OK, request.id(),
                            new byte[] {'N'}));
                } else {
                    out.write(DubboWire.valueResponse(request.id(), name));
                }
            }
        } catch (IOException ended) {
            // the proxy closed the connection, or this backend was killed
        } finally {
            sockets.remove(socket);
        }
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Stops listening and drops every connection at once, like a killed process. */
    void kill() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        threads.shutdownNow();
    }

    /** Listens again on the same port. */
    void revive() throws IOException {
        start(port);
    }

    @Override
    public void close() throws IOException {
        kill();
    }
}
