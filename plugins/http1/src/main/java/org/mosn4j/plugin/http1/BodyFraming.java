package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.stream.HeaderMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an outgoing HTTP/1.1 body to a connection: as it is when its length was declared, or in chunks (RFC 9112
 * section 7.1) ending with the last chunk and the trailers. The buffers go to {@link Connection#write} unflushed;
 * the connection flushes once per event-loop turn and copies small buffers together.
 */
final class BodyFraming {

    private static final Logger LOG = LoggerFactory.getLogger(BodyFraming.class);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};
    private static final byte[] LAST_CHUNK_NO_TRAILERS = {'0', '\r', '\n', '\r', '\n'};

    private BodyFraming() {
    }

    /**
     * @param data a readable part of the body; ownership passes here
     * @param chunked whether the body goes in chunks
     */
    static void writeData(Connection connection, ByteBuf data, boolean chunked) {
        if (!chunked) {
            connection.write(data, false);
            return;
        }
        int size = data.readableBytes();
        ByteBuf prefix = connection.alloc().buffer(10);
        ByteBufUtil.writeAscii(prefix, Integer.toHexString(size));
        prefix.writeBytes(CRLF);
        connection.write(prefix, false);
        connection.write(data, false);
        connection.write(connection.alloc().buffer(2).writeBytes(CRLF), false);
    }

    /**
     * Ends a chunked body: the last chunk, the trailers that may go on the wire, the final CRLF. Trailers with a name
     * or value that may not are all dropped, with a log line.
     *
     * @param trailers the trailers, or null
     * @param writer the connection's header writer
     */
    static void writeLastChunk(Connection connection, HeaderMap trailers, HeaderBlockWriter writer) {
        if (trailers == null || trailers.size() == 0) {
            connection.write(connection.alloc().buffer(5).writeBytes(LAST_CHUNK_NO_TRAILERS), false);
            return;
        }
        ByteBuf end = connection.alloc().buffer(64);
        end.writeBytes(LAST_CHUNK);
        try {
            writer.write(trailers, "content-length", end);
        } catch (IllegalArgumentException e) {
            LOG.debug("connection {}: dropping invalid trailers: {}", connection.id(), e.getMessage());
            end.writerIndex(LAST_CHUNK.length);
        }
        end.writeBytes(CRLF);
        connection.write(end, false);
    }
}
