package org.mosn4j.kernel.network.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.handler.codec.DecoderException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoverCodecTest {

    private static EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        HandoverCodec.install(channel.pipeline());
        return channel;
    }

    @Test
    void aMessageIsJsonInALengthPrefixedFrameAndDecodesBack() {
        EmbeddedChannel out = channel();
        HandoverMessage request = HandoverMessage.request(List.of(SocketKey.listener("web",
                new InetSocketAddress("127.0.0.1", 2045))));
        out.writeOutbound(request);
        ByteBuf length = out.readOutbound();
        ByteBuf json = out.readOutbound();
        String text = json.toString(StandardCharsets.UTF_8);
        assertEquals(json.readableBytes(), length.getInt(0));
        assertEquals("{\"type\":\"REQUEST\",\"version\":1,\"pid\":" + ProcessHandle.current().pid()
                + ",\"sockets\":[{\"kind\":\"listener\",\"name\":\"web\",\"host\":\"127.0.0.1\",\"port\":2045}]}", text);

        EmbeddedChannel in = channel();
        // Cut anywhere, the frame decodes once whole.
        in.writeInbound(length, json.retainedSlice(0, 5));
        in.writeInbound(json.skipBytes(5));
        assertEquals(request, in.readInbound());
        assertFalse(out.finish());
        assertFalse(in.finish());
    }

    @Test
    void aDescriptorPassesThroughBothWays() {
        EmbeddedChannel channel = channel();
        FileDescriptor fd = new FileDescriptor(1000);
        channel.writeOutbound(fd);
        assertSame(fd, channel.readOutbound());
        channel.writeInbound(fd);
        assertSame(fd, channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void aFrameThatIsNotAMessageFailsTheConversation() {
        EmbeddedChannel channel = channel();
        byte[] json = "{\"reason\":\"no type\"}".getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.buffer().writeInt(json.length).writeBytes(json);
        assertThrows(DecoderException.class, () -> channel.writeInbound(frame));
        assertFalse(channel.finish());
    }
}
