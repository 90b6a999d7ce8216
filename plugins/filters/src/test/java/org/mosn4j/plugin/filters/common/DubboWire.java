package org.mosn4j.plugin.filters.common;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dubbo 2 frames on raw sockets, with the few hessian2 values a call needs written by hand: a consumer's
 * request, a provider's value reply, reading a frame back, and a tiny provider that answers every call.
 */
public final class DubboWire {

    /** A two-way request in hessian2 (serialization id 2). */
    public static final int TWO_WAY_REQUEST = 0x80 | 0x40 | 2;
    /** Dubbo's OK status. */
    public static final int OK = 20;

    private DubboWire() {
    }

    /** A frame read from the wire. */
    public record Frame(int flags, int status, long id, byte[] body) {

        /** @return the message of an error reply: the hessian2 string its body holds */
        public String errorMessage() {
            return readString(body, 0);
        }
    }

    /** @return a request frame calling {@code service.method(String)} with a version and the given attachments */
    public static byte[] request(long id, String service, String version, String method, String argument,
            Map<String, String> attachments) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "2.0.2");
        writeString(body, service);
        writeString(body, version);
        writeString(body, method);
        writeString(body, "Ljava/lang/String;");
        writeString(body, argument);
        body.write('H');
        writeString(body, "interface");
        writeString(body, service);
        writeString(body, "path");
        writeString(body, service);
        for (Map.Entry<String, String> attachment : attachments.entrySet()) {
            writeString(body, attachment.getKey());
            writeString(body, attachment.getValue());
        }
        body.write('Z');
        return frame(TWO_WAY_REQUEST, 0, id, body.toByteArray());
    }

    /** @return a provider's reply carrying a string value */
    public static byte[] valueReply(long id, String value) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x91);
        writeString(body, value);
        return frame(2, OK, id, body.toByteArray());
    }

    private static byte[] frame(int flags, int status, long id, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xda);
        out.write(0xbb);
        out.write(flags);
        out.write(status);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (id >>> shift));
        }
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(body.length >>> shift);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Writes an ASCII string in hessian2's compact forms (up to 1023 characters). */
    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < 32) {
            out.write(bytes.length);
        } else if (bytes.length < 1024) {
            out.write(0x30 + (bytes.length >> 8));
            out.write(bytes.length & 0xff);
        } else {
            throw new IllegalArgumentException("string too long for this test writer");
        }
        out.writeBytes(bytes);
    }

    /** Reads a hessian2 string in any of its one-chunk forms (ASCII content). */
    static String readString(byte[] body, int at) {
        int tag = body[at] & 0xff;
        int length;
        int start;
        if (tag < 0x20) {
            length = tag;
            start = at + 1;
        } else if (tag >= 0x30 && tag <= 0x33) {
            length = ((tag - 0x30) << 8) | (body[at + 1] & 0xff);
            start = at + 2;
        } else if (tag == 'S') {
            length = ((body[at + 1] & 0xff) << 8) | (body[at + 2] & 0xff);
            start = at + 3;
        } else {
            throw new AssertionError("not a hessian2 string: tag 0x" + Integer.toHexString(tag));
        }
        return new String(body, start, length, StandardCharsets.UTF_8);
    }

    /** @return the next frame on {@code in} */
    public static Frame read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readUnsignedShort() != 0xdabb) {
            throw new IOException("bad dubbo magic");
        }
        int flags = data.readUnsignedByte();
        int status = data.readUnsignedByte();
        long id = data.readLong();
        byte[] body = new byte[data.readInt()];
        data.readFully(body);
        return new Frame(flags, status, id, body);
    }

    /** A provider on 127.0.0.1 answering every request with the value "pong", counting the calls. */
    public static final class Provider implements AutoCloseable {
        private final ServerSocket server;
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private final AtomicInteger calls = new AtomicInteger();

        public Provider() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            executor.execute(this::accept);
        }

        private void accept() {
            try {
                while (true) {
                    Socket socket = server.accept();
                    executor.execute(() -> serve(socket));
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    Frame request = read(in);
                    calls.incrementAndGet();
                    out.write(valueReply(request.id(), "pong"));
                    out.flush();
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        public String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        public int calls() {
            return calls.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
            executor.shutdownNow();
        }
    }
}
