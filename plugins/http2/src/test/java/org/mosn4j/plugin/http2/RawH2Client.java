package org.mosn4j.plugin.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * An HTTP/2 client over a plain socket that writes frames byte by byte as told, including the ones a well-behaved
 * client never sends (floods, oversized header blocks), and reads the server's frames one at a time.
 */
final class RawH2Client implements AutoCloseable {

    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int CONTINUATION = 0x9;
    static final int DATA = 0x0;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;
    private static final int MAX_FRAME = 16_384;

    /** A frame read from the server. */
    record Frame(int type, int flags, int streamId, byte[] payload) {

        /** @return an RST_STREAM's or GOAWAY's error code */
        long errorCode() {
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            return Integer.toUnsignedLong(buffer.getInt(type == GOAWAY ? 4 : 0));
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2HeadersEncoder encoder =
            new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true);
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, 1 << 20);

    /** Connects, sends the preface and empty SETTINGS, and acknowledges the server's SETTINGS. */
    RawH2Client(InetSocketAddress server) throws IOException {
        this(server, 0);
    }

    /**
     * @param receiveBuffer the socket's receive buffer in bytes, small for a client that reads slowly; 0 for the
     *                      system's default
     */
    RawH2Client(InetSocketAddress server, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(server);
        socket.setSoTimeout(20_000);
        out = new BufferedOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
        out.write(ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf()));
        writeFrame(SETTINGS, 0, 0, new byte[0]);
        flush();
        Frame frame;
        do {
            frame = read();
        } while (frame.type() != SETTINGS || (frame.flags() & 0x1) != 0);
        writeFrame(SETTINGS, 0x1, 0, new byte[0]);
    }

    /** @return a GET request's headers for {@code path}, with {@code extra} bytes in one more header */
    static Http2Headers get(String path, int extra) {
        Http2Headers headers = new DefaultHttp2Headers().method("GET").scheme("http").authority("x").path(path);
        if (extra > 0) {
            headers.add("x-big", "b".repeat(extra));
        }
        return headers;
    }

    /** Sends a HEADERS frame (and CONTINUATION frames, for a block over 16 KiB). */
    void headers(int streamId, Http2Headers headers, boolean endStream) throws IOException {
        ByteBuf block = Unpooled.buffer();
        try {
            encoder.encodeHeaders(streamId, headers, block);
            byte[] bytes = ByteBufUtil.getBytes(block);
            int offset = 0;
            int type = HEADERS;
            do {
                int length = Math.min(MAX_FRAME, bytes.length - offset);
                boolean last = offset + length == bytes.length;
                int flags = (last ? END_HEADERS : 0) | (type == HEADERS && endStream ? END_STREAM : 0);
                byte[] payload = new byte[length];
                System.arraycopy(bytes, offset, payload, 0, length);
                writeFrame(type, flags, streamId, payload);
                offset += length;
                type = CONTINUATION;
            } while (offset < bytes.length);
        } catch (Http2Exception e) {
            throw new IOException(e);
        } finally {
            block.release();
        }
    }

    void rstStream(int streamId, int errorCode) throws IOException {
        writeFrame(RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt(errorCode).array());
    }

    void ping(long data) throws IOException {
        writeFrame(PING, 0, 0, ByteBuffer.allocate(8).putLong(data).array());
    }

    void emptyData(int streamId) throws IOException {
        writeFrame(DATA, 0, streamId, new byte[0]);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** @return the next frame from the server */
    Frame read() throws IOException {
        out.flush();
        int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int streamId = in.readInt() & Integer.MAX_VALUE;
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, flags, streamId, payload);
    }

    /** @return the next frame of {@code type} on {@code streamId}, skipping others */
    Frame readUntil(int type, int streamId) throws IOException {
        flush();
        Frame frame;
        do {
            frame = read();
        } while (frame.type() != type || frame.streamId() != streamId);
        return frame;
    }

    /** @return the headers of a HEADERS frame that carries a whole block */
    Http2Headers decode(Frame headers) throws Http2Exception {
        ByteBuf block = Unpooled.wrappedBuffer(headers.payload());
        try {
            return decoder.decodeHeaders(headers.streamId(), block);
        } finally {
            block.release();
        }
    }

    private void writeFrame(int type, int flags, int streamId, byte[] payload) throws IOException {
        byte[] header = new byte[9];
        header[0] = (byte) (payload.length >>> 16);
        header[1] = (byte) (payload.length >>> 8);
        header[2] = (byte) payload.length;
        header[3] = (byte) type;
        header[4] = (byte) flags;
        ByteBuffer.wrap(header, 5, 4).putInt(streamId);
        out.write(header);
        out.write(payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
