package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2WindowUpdateFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.protocol.MatchResult;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.mosn4j.testkit.RecordingDecoder;
import org.mosn4j.testkit.RecordingConnection;

class Http2ServerConnectionTest {

    private final RecordingConnection connection = new RecordingConnection();
    private final Http2Peer client = Http2Peer.client();
    private final List<RecordingDecoder> requests = new ArrayList<>();
    private final List<StreamEncoder> responses = new ArrayList<>();
    private Http2ServerConnection server = newServer(Http2Limits.DEFAULT);

    private Http2ServerConnection newServer(Http2Limits limits) {
        return new Http2ServerConnection(connection, encoder -> {
            RecordingDecoder decoder = new RecordingDecoder();
            encoder.setCallbacks(decoder.callbacks);
            requests.add(decoder);
            responses.add(encoder);
            return decoder;
        }, limits);
    }

    @AfterEach
    void close() {
        server.onConnectionClosed();
        client.close();
        connection.dispose();
    }

    /** Moves bytes both ways until neither side has more to say. */
    private void pump() {
        for (int i = 0; i < 100; i++) {
            ByteBuf toClient = connection.takeOutput();
            ByteBuf toServer = client.takeOutput();
            boolean moved = toClient.isReadable() || toServer.isReadable();
            if (toClient.isReadable()) {
                client.receive(toClient);
            } else {
                toClient.release();
            }
            if (toServer.isReadable()) {
                server.onData(toServer, false);
            } else {
                toServer.release();
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the peers never stop talking");
    }

    private Http2FrameStream get(String path) {
        Http2FrameStream stream = client.newStream();
        client.headers(stream, true, ":method", "GET", ":scheme", "http", ":path", path, ":authority", "example.com",
                "user-agent", "test");
        return stream;
    }

    private static HeaderMap map(String... namesAndValues) {
        HeaderMap map = new DefaultHeaderMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    private String body(int streamId) {
        StringBuilder out = new StringBuilder();
        for (Http2Peer.Data data : client.framesOf(Http2Peer.Data.class)) {
            if (data.streamId() == streamId) {
                out.append(data.text());
            }
        }
        return out.toString();
    }

    private List<Http2HeadersFrame> headersOf(int streamId) {
        return client.framesOf(Http2HeadersFrame.class).stream().filter(h -> h.stream().id() == streamId).toList();
    }

    @Test
    void matchesTheConnectionPreface() {
        Http2Protocol protocol = new Http2Protocol();
        ByteBuf preface = text("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0");
        ByteBuf partial = text("PRI * HTTP/2");
        ByteBuf http1 = text("GET / HTTP/1.1\r\n");
        ByteBuf empty = Unpooled.buffer();
        try {
            assertEquals(MatchResult.MATCH, protocol.match(preface));
            assertEquals(MatchResult.NEED_MORE_DATA, protocol.match(partial));
            assertEquals(MatchResult.NEED_MORE_DATA, protocol.match(empty));
            assertEquals(MatchResult.NO_MATCH, protocol.match(http1));
            assertEquals(0, preface.readerIndex());
            assertEquals("Http2", protocol.type());
            assertEquals(100, protocol.maxConcurrentStreams());
        } finally {
            preface.release();
            partial.release();
            http1.release();
            empty.release();
        }
    }

    @Test
    void getWithPseudoHeadersAndAResponse() {
        Http2FrameStream stream = get("/a?b=c");
        pump();

        assertEquals(1, requests.size());
        RecordingDecoder request = requests.get(0);
        assertEquals("{:method: GET, :scheme: http, :path: /a?b=c, :authority: example.com, user-agent: test, "
                + "x-forwarded-for: 192.0.2.7, x-forwarded-proto: http}", request.headers.toString());
        assertTrue(request.headersEndStream);

        responses.get(0).encodeHeaders(map(":status", "200", "Content-Type", "text/plain", "Connection", "close"),
                false);
        responses.get(0).encodeData(text("hello"), true);
        pump();

        Http2HeadersFrame response = headersOf(stream.id()).get(0);
        assertEquals("200", response.headers().status().toString());
        assertEquals("text/plain", response.headers().get("content-type").toString());
        assertNull(response.headers().get("connection"));
        assertEquals("hello", body(stream.id()));
        assertEquals(0, server.activeStreams());
        assertFalse(connection.isClosed());
        assertNull(request.reset);
    }

    @Test
    void postWithBodyAndTrailersBothWays() {
        Http2FrameStream stream = client.newStream();
        client.headers(stream, false, ":method", "POST", ":scheme", "http", ":path", "/echo", ":authority", "x");
        client.data(stream, "abc", false);
        client.data(stream, "def", false);
        client.headers(stream, true, "grpc-status", "0");
        pump();

        RecordingDecoder request = requests.get(0);
        assertEquals(List.of("abc", "def"), request.chunks);
        assertEquals("{grpc-status: 0}", request.trailers.toString());
        assertTrue(request.complete);

        StreamEncoder response = responses.get(0);
        response.encodeHeaders(map(":status", "200"), false);
        response.encodeData(text("one"), false);
        response.encodeData(text("two"), false);
        response.encodeTrailers(map("x-checksum", "42"));
        pump();

        List<Http2HeadersFrame> frames = headersOf(stream.id());
        assertEquals(2, frames.size());
        assertEquals("42", frames.get(1).headers().get("x-checksum").toString());
        assertTrue(frames.get(1).isEndStream());
        assertEquals("onetwo", body(stream.id()));
        assertEquals(0, server.activeStreams());
    }

    @Test
    void concurrentStreamsInterleave() {
        List<Http2FrameStream> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Http2FrameStream stream = client.newStream();
            client.headers(stream, false, ":method", "POST", ":scheme", "http", ":path", "/" + i, ":authority", "x");
            streams.add(stream);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3; i++) {
                client.data(streams.get(i), "s" + i + "r" + round, round == 1);
            }
        }
        pump();

        assertEquals(3, requests.size());
        assertEquals(3, server.activeStreams());
        for (int i = 2; i >= 0; i--) {
            assertEquals("/" + i, requests.get(i).headers.get(":path"));
            assertEquals("s" + i + "r0s" + i + "r1", requests.get(i).body.toString());
            responses.get(i).encodeHeaders(map(":status", "200"), false);
        }
        for (int i = 2; i >= 0; i--) {
            responses.get(i).encodeData(text("answer" + i), true);
        }
        pump();
        for (int i = 0; i < 3; i++) {
            assertEquals("answer" + i, body(streams.get(i).id()));
        }
        assertEquals(0, server.activeStreams());
    }

    @Test
    void peerResetResetsOnlyThatStream() {
        Http2FrameStream first = client.newStream();
        client.headers(first, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "x");
        Http2FrameStream second = get("/second");
        pump();
        client.write(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(first));
        pump();

        assertEquals(StreamResetReason.REMOTE_RESET, requests.get(0).reset);
        assertEquals(StreamResetReason.REMOTE_RESET, requests.get(0).callbackReset);
        assertNull(requests.get(1).reset);
        assertEquals(1, server.activeStreams());
        responses.get(1).encodeHeaders(map(":status", "204"), true);
        pump();
        assertEquals("204", headersOf(second.id()).get(0).headers().status().toString());
        assertFalse(connection.isClosed());
    }

    @Test
    void localResetSendsRstStreamCancelForThatStreamOnly() {
        Http2FrameStream first = get("/first");
        Http2FrameStream second = get("/second");
        pump();
        responses.get(0).reset(StreamResetReason.LOCAL_RESET);
        pump();

        List<Http2ResetFrame> resets = client.framesOf(Http2ResetFrame.class);
        assertEquals(1, resets.size());
        assertEquals(first.id(), resets.get(0).stream().id());
        assertEquals(Http2Error.CANCEL.code(), resets.get(0).errorCode());
        assertNull(requests.get(0).reset);
        assertEquals(1, server.activeStreams());
        responses.get(1).encodeHeaders(map(":status", "200"), true);
        pump();
        assertEquals(1, headersOf(second.id()).size());
        assertFalse(connection.isClosed());
    }

    @Test
    void shutdownGracefullySendsGoAwayAndClosesAfterTheLastStream() {
        Http2FrameStream stream = client.newStream();
        client.headers(stream, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "x");
        pump();
        server.shutdownGracefully();
        pump();

        List<Http2Peer.GoAway> goAways = client.framesOf(Http2Peer.GoAway.class);
        assertEquals(1, goAways.size());
        assertEquals(stream.id(), goAways.get(0).lastStreamId());
        assertEquals(Http2Error.NO_ERROR.code(), goAways.get(0).errorCode());
        assertFalse(connection.isClosed());

        client.data(stream, "rest", true);
        pump();
        assertEquals("rest", requests.get(0).body.toString());
        responses.get(0).encodeHeaders(map(":status", "200"), false);
        responses.get(0).encodeData(text("done"), true);
        pump();
        assertEquals("done", body(stream.id()));
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void streamsPastTheLimitAreRefused() {
        server.onConnectionClosed();
        server = newServer(new Http2Limits(2, 65_535));
        pump();
        int lastId = 0;
        for (int i = 0; i < 2; i++) {
            Http2FrameStream stream = client.newStream();
            client.headers(stream, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "x");
            lastId = stream.id();
        }
        pump();
        // Netty's client keeps within the server's limit, so the third stream's HEADERS are written by hand.
        int refusedId = lastId + 2;
        server.onData(rawHeaders(refusedId), false);
        ByteBuf out = connection.takeOutput();
        try {
            // RST_STREAM: length 4, type 3, no flags, the stream id, then REFUSED_STREAM (7).
            assertEquals(13, out.readableBytes());
            assertEquals(4, out.getMedium(0));
            assertEquals(3, out.getByte(3));
            assertEquals(refusedId, out.getInt(5));
            assertEquals(Http2Error.REFUSED_STREAM.code(), out.getUnsignedInt(9));
        } finally {
            out.release();
        }
        assertEquals(2, requests.size());
        assertFalse(connection.isClosed());
    }

    private static ByteBuf rawHeaders(int streamId) {
        EmbeddedChannel raw = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        try {
            ChannelHandlerContext ctx = raw.pipeline().firstContext();
            new DefaultHttp2FrameWriter().writeHeaders(ctx, streamId,
                    Http2Peer.headers(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x"), 0, true,
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

    @Test
    void windowUpdatesAreWithheldWhileReadingIsOff() {
        server.onConnectionClosed();
        server = newServer(new Http2Limits(100, 1000));
        Http2FrameStream stream = client.newStream();
        client.headers(stream, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "x");
        pump();
        responses.get(0).setReadEnabled(false);
        client.data(stream, "x".repeat(600), false);
        pump();

        assertEquals("", requests.get(0).body.toString());
        assertTrue(windowUpdates(stream).isEmpty());

        responses.get(0).setReadEnabled(true);
        pump();
        assertEquals(600, requests.get(0).body.length());
        assertEquals(1, windowUpdates(stream).size());
        assertEquals(600, windowUpdates(stream).get(0).windowSizeIncrement());
    }

    private List<Http2WindowUpdateFrame> windowUpdates(Http2FrameStream stream) {
        return client.framesOf(Http2WindowUpdateFrame.class).stream()
                .filter(w -> w.stream() != null && w.stream().id() == stream.id()).toList();
    }

    @Test
    void connectionCloseResetsEveryStream() {
        get("/a");
        Http2FrameStream second = client.newStream();
        client.headers(second, false, ":method", "POST", ":scheme", "http", ":path", "/b", ":authority", "x");
        pump();
        server.onConnectionClosed();

        assertEquals(StreamResetReason.CONNECTION_TERMINATED, requests.get(0).callbackReset);
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, requests.get(1).reset);
        assertEquals(0, server.activeStreams());
    }

    @Test
    void rapidResetClosesTheConnection() {
        pump();
        for (int i = 0; i < 250 && !connection.isClosed(); i++) {
            Http2FrameStream stream = client.newStream();
            client.headers(stream, false, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x");
            client.write(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
            pump();
        }
        assertTrue(connection.isClosed());
        List<Http2Peer.GoAway> goAways = client.framesOf(Http2Peer.GoAway.class);
        assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goAways.get(goAways.size() - 1).errorCode());
    }

    @Test
    void aProtocolErrorGetsGoAway() {
        pump();
        server.onData(text("\0\0\4\1\0\0\0\0\0garbage!"), false);
        assertTrue(connection.isClosed());
        pump();
        List<Http2Peer.GoAway> goAways = client.framesOf(Http2Peer.GoAway.class);
        assertFalse(goAways.isEmpty());
    }
}
