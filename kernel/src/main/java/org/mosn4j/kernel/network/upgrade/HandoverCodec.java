package org.mosn4j.kernel.network.upgrade;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageCodec;
import java.io.IOException;
import java.util.List;

/**
 * {@link HandoverMessage}s as JSON in frames with a four-byte length. Anything else, such as a
 * {@link io.netty.channel.unix.FileDescriptor} read from or written to the domain socket, passes through
 * untouched. Runs on the channel's event loop; the frame buffers it decodes are released by its superclass.
 */
final class HandoverCodec extends MessageToMessageCodec<ByteBuf, HandoverMessage> {

    /** Far above any real message: a config with thousands of listeners stays under it. */
    private static final int MAX_FRAME = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Adds the framing and this codec to a domain socket channel's pipeline. */
    static void install(ChannelPipeline pipeline) {
        pipeline.addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                new LengthFieldPrepender(4),
                new HandoverCodec());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, HandoverMessage msg, List<Object> out) throws IOException {
        out.add(Unpooled.wrappedBuffer(JSON.writeValueAsBytes(msg)));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) throws IOException {
        HandoverMessage message = JSON.readValue(ByteBufUtil.getBytes(msg), HandoverMessage.class);
        if (message.type() == null) {
            throw new IOException("handover message without a type");
        }
        out.add(message);
    }
}
