package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.mosn4j.testkit.RecordingDecoder;
import org.mosn4j.testkit.RecordingConnection;

class Http2ClientConnectionTest {

    private final RecordingConnection connection = new RecordingConnection();
    private final Http2Peer server = Http2Peer.server(settings -> settings.maxConcurrentStreams(2));
    private final List<Boolean> completions = new ArrayList<>();
    private final Http2ClientConnection client = new Http2ClientConnection(connection, completions::add,
            Http2Limits.DEFAULT);

    @AfterEach
    void close() {
        client.onConnectionClosed();
        server.close();
        connection.dispose();
    }

    private void pump() {
        for (int i = 0; i < 100; i++) {
            ByteBuf toServer = connection.takeOutput();
            ByteBuf toClient = server.takeOutput();
            boolean moved = toServer.isReadable() || toClient.isReadable();
            if (toServer.isReadable()) {
                server.receive(toServer);
            } else {
                toServer.release();
            }
            if (toClient.isReadable()) {
                client.onData(toClient, false);
            } else {
                toClient.release();
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the peers never stop talking");
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

    private Http2FrameStream lastRequestStream() {
        List<Http2HeadersFrame> headers = server.framesOf(Http2HeadersFrame.class);
        return headers.get(headers.size() - 1).stream();
    }

    @Test
    void getFromAnHttp1StyleHeaderMap() {
        pump();
        RecordingDecoder response = new RecordingDecoder();
        StreamEncoder request = client.newStream(response);
        request.setCallbacks(response.callbacks);
        request.encodeHeaders(map(":method", "GET", ":path", "/x", ":authority", "example.com", "User-Agent", "t",
                "Connection", "keep-alive", "Keep-Alive", "5"), true);
        pump();

        Http2HeadersFrame sent = server.framesOf(Http2HeadersFrame.class).get(0);
        assertEquals("GET", sent.headers().method().toString());
        assertEquals("http", sent.headers().scheme().toString());
        assertEquals("/x", sent.headers().path().toString());
        assertEquals("example.com", sent.headers().authority().toString());
        assertEquals("t", sent.headers().get("user-agent").toString());
        assertNull(sent.headers().get("connection"));
        assertNull(sent.headers().get("keep-alive"));
        assertTrue(sent.isEndStream());

        Http2FrameStream stream = sent.stream();
        server.headers(stream, false, ":status", "200", "content-type", "text/plain");
        server.data(stream, "hi", true);
        pump();
        assertEquals("200", response.headers.get(":status"));
        assertEquals("text/plain", response.headers.get("content-type"));
        assertEquals("hi", response.body.toString());
        assertTrue(response.complete);
        assertEquals(List.of(true), completions);
        assertEquals(0, client.activeStreams());
    }

    @Test
    void postWithBodyAndTrailersBothWays() {
        pump();
        RecordingDecoder response = new RecordingDecoder();
        StreamEncoder request = client.newStream(response);
        request.encodeHeaders(map(":method", "POST", ":path", "/p", ":authority", "x", ":scheme", "http"), false);
        request.encodeData(text("abc"), false);
        request.encodeTrailers(map("grpc-timeout", "1S"));
        pump();

        Http2FrameStream stream = lastRequestStream();
        assertEquals(2, server.framesOf(Http2HeadersFrame.class).size());
        assertEquals("1S", server.framesOf(Http2HeadersFrame.class).get(1).headers().get("grpc-timeout").toString());
        assertEquals("abc", server.framesOf(Http2Peer.Data.class).get(0).text());

        server.headers(stream, false, ":status", "200");
        server.data(stream, "ok", false);
        server.headers(stream, true, "grpc-status", "0");
        pump();
        assertEquals("ok", response.body.toString());
        assertEquals("0", response.trailers.get("grpc-status"));
        assertEquals(List.of(true), completions);
    }

    @Test
    void streamsAreLimitedByTheServersSettings() {
        pump();
        assertTrue(client.canStartStream());
        List<RecordingDecoder> responses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RecordingDecoder response = new RecordingDecoder();
            responses.add(response);
            client.newStream(response).encodeHeaders(map(":method", "GET", ":path", "/" + i, ":authority", "x"),
                    true);
        }
        assertFalse(client.canStartStream());
        pump();
        List<Http2HeadersFrame> requests = server.framesOf(Http2HeadersFrame.class);
        assertEquals(2, requests.size());
        for (int i = 1; i >= 0; i--) {
            server.headers(requests.get(i).stream(), false, ":status", "200");
            server.data(requests.get(i).stream(), "r" + i, true);
        }
        pump();
        assertEquals("r0", responses.get(0).body.toString());
        assertEquals("r1", responses.get(1).body.toString());
        assertTrue(client.canStartStream());
        assertEquals(List.of(true, true), completions);
    }

    @Test
    void resetsBothWays() {
        pump();
        RecordingDecoder first = new RecordingDecoder();
        StreamEncoder firstRequest = client.newStream(first);
        firstRequest.setCallbacks(first.callbacks);
        firstRequest.encodeHeaders(map(":method", "POST", ":path", "/", ":authority", "x"), false);
        RecordingDecoder second = new RecordingDecoder();
        StreamEncoder secondRequest = client.newStream(second);
        secondRequest.encodeHeaders(map(":method", "POST", ":path", "/", ":authority", "x"), false);
        pump();
        List<Http2HeadersFrame> requests = server.framesOf(Http2HeadersFrame.class);

        server.write(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR).stream(requests.get(0).stream()));
        pump();
        assertEquals(StreamResetReason.REMOTE_RESET, first.reset);
        assertEquals(StreamResetReason.REMOTE_RESET, first.callbackReset);

        secondRequest.reset(StreamResetReason.LOCAL_RESET);
        pump();
        List<Http2ResetFrame> resets = server.framesOf(Http2ResetFrame.class);
        assertEquals(1, resets.size());
        assertEquals(requests.get(1).stream().id(), resets.get(0).stream().id());
        assertEquals(Http2Error.CANCEL.code(), resets.get(0).errorCode());
        assertNull(second.reset);
        assertEquals(List.of(true, true), completions);
        assertTrue(connection.isOpen());
        assertTrue(client.canStartStream());
    }

    @Test
    void goAwayStopsNewStreamsAndConnectionCloseResetsTheRest() {
        pump();
        RecordingDecoder response = new RecordingDecoder();
        client.newStream(response).encodeHeaders(map(":method", "GET", ":path", "/", ":authority", "x"), true);
        pump();
        server.write(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
        pump();
        assertFalse(client.canStartStream());
        assertTrue(connection.isOpen());

        client.onConnectionClosed();
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, response.reset);
        assertEquals(List.of(false), completions);
        assertTrue(server.framesOf(Http2DataFrame.class).isEmpty());
    }
}
