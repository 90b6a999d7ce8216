package org.mosn4j.kernel.network.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * For a listener with {@code "inspector": true}: looks at the first byte of a connection and leaves the
 * connection to the TLS handlers when it starts a TLS handshake record (content type 22), or to the plaintext
 * filter chain otherwise. The byte stays in the stream either way.
 */
final class TlsInspector extends ByteToMessageDecoder {

    private static final int HANDSHAKE_RECORD = 22;

    private final DownstreamHandshake handshake;

    TlsInspector(DownstreamHandshake handshake) {
        this.handshake = handshake;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        if (in.getUnsignedByte(in.readerIndex()) != HANDSHAKE_RECORD) {
            handshake.openPlaintext(ctx.pipeline());
        }
        // What was read so far goes to the next handler: the SNI router, or the plaintext connection.
        ctx.pipeline().remove(this);
    }
}
