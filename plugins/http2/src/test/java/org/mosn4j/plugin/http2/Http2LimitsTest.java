package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.network.ConnectionCallbacks;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.testkit.RecordingDecoder;
import org.mosn4j.testkit.RecordingConnection;

/**
 * The defences of a server connection against peers that send too much: PING floods, oversized header blocks,
 * CONTINUATION floods and invalid frames. The peer is Netty's frame codec; frames it will not write are made by
 * hand.
 */
class Http2LimitsTest {

    /** A downstream connection that keeps what it is given, as a socket whose peer does not read. */
    private static final class BackedUpConnection implements Connection {

        /** Above this many queued bytes the connection is not writable, like a channel's high watermark. */
        static final int HIGH_WATERMARK = 16 * 1024;

        final List<CloseType> closes = new ArrayList<>();
        private final ByteBuf queued = Unpooled.buffer();

        int queuedBytes() {
            return queued.readableBytes();
        }

        /** @return what was queued; the caller owns it */
        ByteBuf drain() {
            ByteBuf out = Unpooled.copiedBuffer(queued);
            queued.clear();
            return out;
        }

        void dispose() {
            queued.release();
        }

        @Override
        public long id() {
            return 7;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return RecordingConnection.CLIENT;
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("192.0.2.1", 80);
        }

        @Override
        public EventLoop eventLoop() {
            throw new UnsupportedOperationException("the codec runs on the caller's thread");
        }

        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public void write(ByteBuf data, boolean endOfStream) {
            try {
                queued.writeBytes(data);
            } finally {
                data.release();
            }
        }

        @Override
        public void close(CloseType type) {
            closes.add(type);
        }

        @Override
        public boolean isOpen() {
            return closes.isEmpty();
        }

        @Override
        public void setReadEnabled(boolean enabled) {
        }

        @Override
        public boolean isWritable() {
            return queued.readableBytes() < HIGH_WATERMARK;
        }

        @Override
        public void addCallbacks(ConnectionCallbacks callbacks) {
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        public long bytesWritten() {
            return 0;
        }
    }

    private final RecordingConnection connection = new RecordingConnection();
    private final Http2Peer client = Http2Peer.client();
    private final List<RecordingDecoder> requests = new ArrayList<>();
    private final List<StreamEncoder> responses = new ArrayList<>();
    private final List<Runnable> cleanups = new ArrayList<>();
    private final Http2ServerConnection server = newServer(connection);

    private Http2ServerConnection newServer(Connection on) {
        Http2ServerConnection created = new Http2ServerConnection(on, encoder -> {
            RecordingDecoder decoder = new RecordingDecoder();
            encoder.setCallbacks(decoder.callbacks);
            requests.add(decoder);
            responses.add(encoder);
            return decoder;
        }, Http2Limits.DEFAULT);
        cleanups.add(created::onConnectionClosed);
        return created;
    }

    @AfterEach
    void close() {
        cleanups.forEach(Runnable::run);
        client.close();
        connection.dispose();
    }

    /** Moves bytes both ways between {@link #client} and {@link #server} until neither has more to say. */
    private void pump() {
        pump(client, server, connection);
    }

    private static void pump(Http2Peer peer, Http2ServerConnection to, RecordingConnection on) {
        for (int i = 0; i < 100; i++) {
            ByteBuf toClient = on.takeOutput();
            ByteBuf toServer = peer.takeOutput();
            boolean moved = toClient.isReadable() || toServer.isReadable();
            if (toClient.isReadable()) {
                peer.receive(toClient);
            } else {
                toClient.release();
            }
            if (toServer.isReadable()) {
                to.onData(toServer, false);
            } else {
                toServer.release();
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the peers never stop talking");
    }

    /** @return a frame's 9-byte header followed by its payload */
    private static ByteBuf frame(int length, byte type, int flags, int streamId, ByteBuf payload) {
        ByteBuf out = Unpooled.buffer(9 + payload.readableBytes());
        out.writeMedium(length).writeByte(type).writeByte(flags).writeInt(streamId).writeBytes(payload);
        payload.release();
        return out;
    }

    /** @return the HEADERS and CONTINUATION frames Netty's frame writer makes of these headers, unchecked */
    private static ByteBuf rawHeaders(int streamId, String... namesAndValues) {
        EmbeddedChannel raw = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        try {
            ChannelHandlerContext ctx = raw.pipeline().firstContext();
            new DefaultHttp2FrameWriter().writeHeaders(ctx, streamId, Http2Peer.headers(namesAndValues), 0, true,
                    ctx.newPromise());
            raw.flush();
            ByteBuf out = Unpooled.buffer();
            ByteBuf next;
            while ((next = raw.readOutbound()) != null) {
                out.writeBytes(next);
                next.release();
            }
            return out;
        } finally {
            raw.finishAndReleaseAll();
        }
    }

    private static String[] getWithHeader(String path, String name, String value) {
        return new String[] {":method", "GET", ":scheme", "http", ":path", path, ":authority", "example.com",
                name, value};
    }

    private static HeaderMap map(String... namesAndValues) {
        HeaderMap map = new DefaultHeaderMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private List<Http2Peer.GoAway> goAways() {
        return client.framesOf(Http2Peer.GoAway.class);
    }

    /** A GET on a new stream of {@link #client} is answered 200. */
    private void assertAnswered(String path) {
        int before = requests.size();
        Http2FrameStream stream = client.newStream();
        client.headers(stream, true, getWithHeader(path, "user-agent", "test"));
        pump();
        assertEquals(before + 1, requests.size());
        assertEquals(path, requests.get(before).headers.get(":path"));
        responses.get(before).encodeHeaders(map(":status", "200"), true);
        pump();
        List<Http2HeadersFrame> answers = client.framesOf(Http2HeadersFrame.class).stream()
                .filter(h -> h.stream().id() == stream.id()).toList();
        assertEquals("200", answers.get(0).headers().status().toString());
    }

    @Test
    void advertisesTheHeaderListSize() {
        pump();
        Http2SettingsFrame settings = client.framesOf(Http2SettingsFrame.class).get(0);
        assertEquals(Http2Limits.MAX_HEADER_LIST_SIZE, settings.settings().maxHeaderListSize().intValue());
    }

    @Test
    void aPingFloodWithoutReadingTheAcksGetsGoAwayEnhanceYourCalm() {
        BackedUpConnection backedUp = new BackedUpConnection();
        cleanups.add(backedUp::dispose);
        Http2ServerConnection flooded = newServer(backedUp);
        flooded.onData(client.takeOutput(), false);

        int sent = 0;
        int mostQueued = 0;
        while (sent < 20_000 && backedUp.closes.isEmpty()) {
            ByteBuf pings = Unpooled.buffer();
            for (int i = 0; i < 500; i++, sent++) {
                pings.writeBytes(frame(8, Http2FrameTypes.PING, 0, 0, Unpooled.buffer(8).writeLong(sent)));
            }
            flooded.onData(pings, false);
            mostQueued = Math.max(mostQueued, backedUp.queuedBytes());
        }

        assertEquals(List.of(CloseType.FLUSH_WRITE), backedUp.closes);
        assertTrue(sent < 20_000, "closed only after " + sent + " PINGs");
        // PING acks are 17 bytes: what waits is the watermark plus at most the allowed queue of acks.
        int bound = BackedUpConnection.HIGH_WATERMARK + (Http2Limits.MAX_QUEUED_CONTROL_FRAMES + 500) * 17 + 1024;
        assertTrue(mostQueued < bound, mostQueued + " bytes queued");
        client.receive(backedUp.drain());
        List<Http2Peer.GoAway> goAways = goAways();
        assertEquals(1, goAways.size());
        assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goAways.get(0).errorCode());
        assertTrue(client.framesOf(Http2PingFrame.class).size() <= Http2Limits.MAX_QUEUED_CONTROL_FRAMES + 1000);
    }

    @Test
    void pingsWhoseAcksAreReadAreAnswered() {
        pump();
        for (int i = 0; i < 5_000; i++) {
            server.onData(frame(8, Http2FrameTypes.PING, 0, 0, Unpooled.buffer(8).writeLong(i)), false);
        }
        pump();
        assertFalse(connection.isClosed());
        assertEquals(5_000, client.framesOf(Http2PingFrame.class).stream().filter(Http2PingFrame::ack).count());
        assertAnswered("/after-pings");
    }

    @Test
    void headersOverTheListSizeAreAnswered431AndTheConnectionGoesOn() {
        // Written before the server's SETTINGS reach the client, whose encoder would refuse it after.
        String big = "v".repeat(Http2Limits.MAX_HEADER_LIST_SIZE + 100);
        Http2FrameStream stream = client.newStream();
        client.headers(stream, true, getWithHeader("/big", "x-big", big));
        pump();

        assertTrue(requests.isEmpty());
        List<Http2HeadersFrame> answers = client.framesOf(Http2HeadersFrame.class).stream()
                .filter(h -> h.stream().id() == stream.id()).toList();
        assertEquals(1, answers.size());
        assertEquals("431", answers.get(0).headers().status().toString());
        assertTrue(answers.get(0).isEndStream());
        assertFalse(connection.isClosed());
        assertTrue(goAways().isEmpty());
        assertAnswered("/next");
    }

    @Test
    void headersJustUnderTheListSizeAreTaken() {
        pump();
        String value = "v".repeat(Http2Limits.MAX_HEADER_LIST_SIZE - 1024);
        Http2FrameStream stream = client.newStream();
        client.headers(stream, true, getWithHeader("/large", "x-large", value));
        pump();
        assertEquals(1, requests.size());
        assertEquals(value, requests.get(0).headers.get("x-large"));
    }

    @Test
    void aHeaderBlockFarOverTheListSizeGetsGoAwayAndOtherConnectionsGoOn() {
        pump();
        String huge = "v".repeat(2 * Http2Limits.MAX_HEADER_LIST_SIZE);
        server.onData(rawHeaders(3, getWithHeader("/huge", "x-huge", huge)), false);
        pump();

        assertTrue(requests.isEmpty());
        assertTrue(connection.isClosed());
        List<Http2Peer.GoAway> goAways = goAways();
        assertEquals(1, goAways.size());
        assertTrue(goAways.get(0).errorCode() == Http2Error.PROTOCOL_ERROR.code()
                || goAways.get(0).errorCode() == Http2Error.ENHANCE_YOUR_CALM.code(), "" + goAways.get(0));

        RecordingConnection otherConnection = new RecordingConnection();
        Http2Peer otherClient = Http2Peer.client();
        try {
            Http2ServerConnection other = newServer(otherConnection);
            Http2FrameStream stream = otherClient.newStream();
            otherClient.headers(stream, true, getWithHeader("/other", "user-agent", "test"));
            pump(otherClient, other, otherConnection);
            assertEquals("/other", requests.get(0).headers.get(":path"));
            responses.get(0).encodeHeaders(map(":status", "200"), true);
            pump(otherClient, other, otherConnection);
            assertEquals("200", otherClient.framesOf(Http2HeadersFrame.class).get(0).headers().status().toString());
            assertFalse(otherConnection.isClosed());
        } finally {
            otherClient.close();
            otherConnection.dispose();
        }
    }

    @Test
    void dataOnStreamZeroGetsGoAwayProtocolError() {
        pump();
        server.onData(frame(1, Http2FrameTypes.DATA, 0, 0, Unpooled.buffer(1).writeByte('x')), false);
        pump();

        assertTrue(connection.isClosed());
        List<Http2Peer.GoAway> goAways = goAways();
        assertEquals(1, goAways.size());
        assertEquals(Http2Error.PROTOCOL_ERROR.code(), goAways.get(0).errorCode());
    }

    @Test
    void aFloodOfEmptyDataFramesGetsGoAway() {
        pump();
        Http2FrameStream stream = client.newStream();
        client.headers(stream, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "x");
        pump();
        for (int i = 0; i < 100 && !connection.isClosed(); i++) {
            server.onData(frame(0, Http2FrameTypes.DATA, 0, stream.id(), Unpooled.EMPTY_BUFFER), false);
        }
        pump();

        assertTrue(connection.isClosed());
        List<Http2Peer.GoAway> goAways = goAways();
        assertEquals(1, goAways.size());
        assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goAways.get(0).errorCode());
    }

    @Test
    void aContinuationFloodGetsGoAway() {
        pump();
        // HEADERS without END_HEADERS, then CONTINUATION frames that never end the block.
        ByteBuf start = rawHeaders(3, getWithHeader("/", "user-agent", "test"));
        int length = start.getUnsignedMedium(0);
        ByteBuf headers = frame(length, Http2FrameTypes.HEADERS, Http2Flags.END_STREAM, 3,
                start.retainedSlice(9, length));
        start.release();
        server.onData(headers, false);

        int sent = 0;
        while (sent < 10_000 && !connection.isClosed()) {
            ByteBuf fragment = Unpooled.buffer(1024);
            for (int i = 0; i < 1024; i++) {
                fragment.writeByte(0x40); // a literal header field with a new name: never completed
            }
            server.onData(frame(1024, Http2FrameTypes.CONTINUATION, 0, 3, fragment), false);
            sent++;
        }
        pump();

        assertTrue(connection.isClosed());
        assertTrue(sent * 1024L < 2L * Http2Limits.MAX_HEADER_LIST_SIZE, "closed only after " + sent + " frames");
        assertTrue(requests.isEmpty());
        List<Http2Peer.GoAway> goAways = goAways();
        assertEquals(1, goAways.size());
        assertTrue(goAways.get(0).errorCode() == Http2Error.PROTOCOL_ERROR.code()
                || goAways.get(0).errorCode() == Http2Error.ENHANCE_YOUR_CALM.code(), "" + goAways.get(0));
    }

    @Test
    void aFloodOfEmptyContinuationFramesIsBounded() {
        pump();
        ByteBuf start = rawHeaders(3, getWithHeader("/", "user-agent", "test"));
        int length = start.getUnsignedMedium(0);
        server.onData(frame(length, Http2FrameTypes.HEADERS, Http2Flags.END_STREAM, 3,
                start.retainedSlice(9, length)), false);
        start.release();

        int sent = 0;
        while (sent < 100_000 && !connection.isClosed()) {
            ByteBuf many = Unpooled.buffer();
            for (int i = 0; i < 1000; i++, sent++) {
                many.writeBytes(frame(0, Http2FrameTypes.CONTINUATION, 0, 3, Unpooled.EMPTY_BUFFER));
            }
            server.onData(many, false);
        }
        pump();
        assertTrue(requests.isEmpty());
        assertTrue(connection.isClosed(), "still open after " + sent + " empty CONTINUATION frames");
        assertFalse(goAways().isEmpty());
    }
}
