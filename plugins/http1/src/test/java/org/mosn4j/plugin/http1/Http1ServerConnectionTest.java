package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.plugin.http1.Http1Bytes.bytes;
import static org.mosn4j.plugin.http1.Http1Bytes.headers;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.mosn4j.testkit.RecordingDecoder;

class Http1ServerConnectionTest {

    private static final String OK_EMPTY = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";

    private final RecordingConnection connection = new RecordingConnection();
    private final List<RecordingDecoder> requests = new ArrayList<>();
    private final List<StreamEncoder> responses = new ArrayList<>();
    private Http1ServerConnection server = newServer(Http1Limits.DEFAULT);

    private Http1ServerConnection newServer(Http1Limits limits) {
        return new Http1ServerConnection(connection, encoder -> {
            RecordingDecoder decoder = new RecordingDecoder();
            encoder.setCallbacks(decoder.callbacks);
            requests.add(decoder);
            responses.add(encoder);
            return decoder;
        }, limits);
    }

    @AfterEach
    void closeConnection() {
        server.onConnectionClosed();
    }

    private void send(String text) {
        server.onData(bytes(text), false);
    }

    private void respondEmpty(int stream) {
        responses.get(stream).encodeHeaders(headers(":status", "200", "content-length", "0"), true);
    }

    @Test
    void deliversAGetWithPseudoHeadersAndForwardingHeadersAndKeepsTheConnection() {
        send("GET /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\n\r\n");

        assertEquals(1, requests.size());
        RecordingDecoder request = requests.get(0);
        assertEquals("{:method: GET, :scheme: http, :path: /a/b?c=d, :authority: example.com, User-Agent: test, "
                + "x-forwarded-for: 192.0.2.7, x-forwarded-proto: http}", request.headers.toString());
        assertTrue(request.headersEndStream);
        assertEquals(1, server.activeStreams());

        responses.get(0).encodeHeaders(headers(":status", "200", "content-type", "text/plain",
                "content-length", "5"), false);
        responses.get(0).encodeData(bytes("hello"), true);

        assertEquals("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\nhello",
                connection.takeOutput());
        assertFalse(connection.isClosed());
        assertEquals(0, server.activeStreams());
        assertNull(request.reset);
    }

    @Test
    void streamsAContentLengthBodyChunkByChunk() {
        send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhello");
        RecordingDecoder request = requests.get(0);
        assertFalse(request.headersEndStream);
        assertEquals("10", request.headers.get("content-length"));
        assertEquals(List.of("hello"), request.chunks);
        assertFalse(request.complete);

        send("world");
        assertEquals(List.of("hello", "world"), request.chunks);
        assertTrue(request.complete);
    }

    @Test
    void handsBodyBytesOnWithoutCopyingThem() {
        ByteBuf[] delivered = new ByteBuf[1];
        server.onConnectionClosed();
        server = new Http1ServerConnection(connection, encoder -> {
            responses.add(encoder);
            RecordingDecoder decoder = new RecordingDecoder();
            decoder.dataTaker = data -> delivered[0] = data;
            return decoder;
        }, Http1Limits.DEFAULT);
        ByteBuf wire = bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbody");
        wire.retain();
        try {
            server.onData(wire, false);
            wire.setByte(wire.writerIndex() - 1, 'Y');
            assertEquals("bodY", delivered[0].toString(StandardCharsets.US_ASCII));
        } finally {
            wire.release();
            delivered[0].release();
        }

        ByteBuf chunk = bytes("0123456789");
        responses.get(0).encodeHeaders(headers(":status", "200", "content-length", "20"), false);
        responses.get(0).encodeData(chunk, false);
        assertSame(chunk, connection.writtenBuffers.get(1));
    }

    @Test
    void decodesAChunkedBodyAndItsTrailersWithoutTheFramingHeaders() {
        send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTrailer: x-checksum\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\nx-checksum: abc\r\n\r\n");
        RecordingDecoder request = requests.get(0);
        assertEquals("{:method: POST, :scheme: http, :path: /, :authority: h, x-forwarded-for: 192.0.2.7, "
                + "x-forwarded-proto: http}", request.headers.toString());
        assertEquals(List.of("hello", " world"), request.chunks);
        assertEquals("{x-checksum: abc}", request.trailers.toString());
        assertTrue(request.complete);
    }

    @Test
    void chunksAResponseWithoutContentLengthForAnHttp11Client() {
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        StreamEncoder response = responses.get(0);
        response.encodeHeaders(headers(":status", "200"), false);
        response.encodeData(bytes("hello"), false);
        response.encodeData(bytes("world"), true);

        assertEquals("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n",
                connection.takeOutput());
        assertFalse(connection.isClosed());
    }

    @Test
    void sendsResponseTrailersInTheLastChunk() {
        send("GET / HTTP/1.1\r\nHost: h\r\nTE: trailers\r\n\r\n");
        assertEquals("trailers", requests.get(0).headers.get("te"));
        StreamEncoder response = responses.get(0);
        response.encodeHeaders(headers(":status", "200", "content-type", "application/grpc"), false);
        response.encodeData(bytes("hi"), false);
        response.encodeTrailers(headers("grpc-status", "0", "content-length", "9"));

        assertEquals("HTTP/1.1 200 OK\r\ncontent-type: application/grpc\r\ntransfer-encoding: chunked\r\n\r\n"
                + "2\r\nhi\r\n0\r\ngrpc-status: 0\r\n\r\n", connection.takeOutput());
    }

    @Test
    void answersWithAnEmptyBodyWhenTheResponseEndsAtItsHeaders() {
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        responses.get(0).encodeHeaders(headers(":status", "404"), true);
        assertEquals("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n", connection.takeOutput());
    }

    @Test
    void closesAfterTheResponseToAnHttp10RequestWithoutKeepAlive() {
        send("GET /old HTTP/1.0\r\n\r\n");
        RecordingDecoder request = requests.get(0);
        assertEquals("{:method: GET, :scheme: http, :path: /old, x-forwarded-for: 192.0.2.7, "
                + "x-forwarded-proto: http}", request.headers.toString());
        responses.get(0).encodeHeaders(headers(":status", "200", "content-length", "2"), false);
        assertFalse(connection.isClosed());
        responses.get(0).encodeData(bytes("ok"), true);

        assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok", connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void keepsAnHttp10ConnectionThatAsksForKeepAlive() {
        send("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertNull(requests.get(0).headers.get("connection"));
        respondEmpty(0);
        assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: keep-alive\r\n\r\n",
                connection.takeOutput());
        assertFalse(connection.isClosed());

        send("GET /2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertEquals("/2", requests.get(1).headers.get(":path"));
    }

    @Test
    void delimitsAnHttp10ResponseWithoutLengthByClosing() {
        send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        StreamEncoder response = responses.get(0);
        response.encodeHeaders(headers(":status", "200"), false);
        response.encodeData(bytes("abc"), false);
        assertFalse(connection.isClosed());
        response.encodeData(bytes("def"), true);

        assertEquals("HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nabcdef", connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void closesAfterTheResponseWhenTheClientSendsConnectionClose() {
        send("GET /1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(1, requests.size());
        respondEmpty(0);

        assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n", connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
        assertEquals(1, requests.size());
    }

    @Test
    void answersPipelinedRequestsInOrderOneAtATime() {
        send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(1, requests.size());
        assertFalse(connection.readEnabled());
        assertEquals("", connection.takeOutput());

        responses.get(0).encodeHeaders(headers(":status", "200", "content-length", "1"), false);
        assertEquals(1, requests.size());
        responses.get(0).encodeData(bytes("1"), true);
        assertEquals(2, requests.size());
        assertEquals("/2", requests.get(1).headers.get(":path"));

        responses.get(1).encodeHeaders(headers(":status", "200", "content-length", "1"), false);
        responses.get(1).encodeData(bytes("2"), true);
        assertEquals("/3", requests.get(2).headers.get(":path"));
        assertTrue(connection.readEnabled());
        responses.get(2).encodeHeaders(headers(":status", "200", "content-length", "1"), false);
        responses.get(2).encodeData(bytes("3"), true);

        String one = "HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\n";
        assertEquals(one + "1" + one + "2" + one + "3", connection.takeOutput());
        assertTrue(connection.readEnabled());
        assertFalse(connection.isClosed());
    }

    @Test
    void deliversTheNextPipelinedRequestWhenTheResponseIsSentFromInsideOnHeaders() {
        server.onConnectionClosed();
        server = new Http1ServerConnection(connection, encoder -> {
            RecordingDecoder decoder = new RecordingDecoder();
            decoder.onHeadersAction = () -> encoder.encodeHeaders(headers(":status", "204"), true);
            requests.add(decoder);
            return decoder;
        }, Http1Limits.DEFAULT);
        send("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(2, requests.size());
        assertEquals("/b", requests.get(1).headers.get(":path"));
        assertEquals("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", connection.takeOutput());
        assertEquals(0, server.activeStreams());
        assertTrue(connection.readEnabled());
    }

    @Test
    void answersEarlierPipelinedRequestsBeforeRejectingABadOne() {
        send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n");
        assertEquals(1, requests.size());
        assertEquals("", connection.takeOutput());
        assertFalse(connection.isClosed());

        respondEmpty(0);
        assertEquals(OK_EMPTY + "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
        assertEquals(1, requests.size());
    }

    @Test
    void sendsContinueForExpect100AndRemovesTheHeader() {
        send("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", connection.takeOutput());
        RecordingDecoder request = requests.get(0);
        assertNull(request.headers.get("expect"));
        send("abc");
        assertEquals("abc", request.body.toString());
        assertTrue(request.complete);
        respondEmpty(0);
        assertEquals(OK_EMPTY, connection.takeOutput());
    }

    @Test
    void ignoresExpectFromAnHttp10Client() {
        send("PUT /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n");
        assertEquals("", connection.takeOutput());
        assertNull(requests.get(0).headers.get("expect"));
    }

    @Test
    void rejectsAnUnknownExpectation() {
        send("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: something\r\nContent-Length: 1\r\n\r\nx");
        assertRejected("417 Expectation Failed");
    }

    @Test
    void sendsNoBodyForHeadAndKeepsTheConnectionInStep() {
        send("HEAD /f HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("HEAD", requests.get(0).headers.get(":method"));
        responses.get(0).encodeHeaders(headers(":status", "200", "content-length", "5"), false);
        responses.get(0).encodeData(bytes("hello"), true);
        assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n", connection.takeOutput());

        send("HEAD /g HTTP/1.1\r\nHost: h\r\n\r\n");
        responses.get(1).encodeHeaders(headers(":status", "200"), false);
        responses.get(1).encodeData(bytes("hello"), true);
        assertEquals("HTTP/1.1 200 OK\r\n\r\n", connection.takeOutput());

        send("GET /f HTTP/1.1\r\nHost: h\r\n\r\n");
        responses.get(2).encodeHeaders(headers(":status", "200"), false);
        responses.get(2).encodeData(bytes("hello"), true);
        assertEquals("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                connection.takeOutput());
        assertFalse(connection.isClosed());
    }

    @Test
    void removesHopByHopHeadersFromTheRequest() {
        send("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\n"
                + "Proxy-Connection: keep-alive\r\nTE: trailers, deflate\r\nUpgrade: websocket\r\n"
                + "Proxy-Authorization: Basic eDp5\r\nX-End: 1\r\n\r\n");
        assertEquals("{:method: GET, :scheme: http, :path: /, :authority: h, X-End: 1, te: trailers, "
                + "x-forwarded-for: 192.0.2.7, x-forwarded-proto: http}", requests.get(0).headers.toString());
    }

    @Test
    void removesTeWithoutTrailers() {
        send("GET / HTTP/1.1\r\nHost: h\r\nTE: deflate\r\n\r\n");
        assertNull(requests.get(0).headers.get("te"));
    }

    @Test
    void removesHopByHopHeadersFromTheResponse() {
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        responses.get(0).encodeHeaders(headers(":status", "200", "connection", "x-internal", "x-internal", "1",
                "keep-alive", "timeout=5", "proxy-authenticate", "Basic", "transfer-encoding", "chunked",
                "upgrade", "h2c", "trailer", "x-t", "proxy-connection", "close", "content-length", "0",
                "x-ok", "1"), true);
        assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nx-ok: 1\r\n\r\n", connection.takeOutput());
        assertFalse(connection.isClosed());
    }

    @Test
    void appendsTheClientToXForwardedForAndKeepsXForwardedProto() {
        send("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-For: 10.0.0.2\r\n"
                + "X-Forwarded-Proto: https\r\n\r\n");
        RecordingDecoder request = requests.get(0);
        assertEquals(List.of("10.0.0.1, 10.0.0.2, 192.0.2.7"), request.headers.getAll("x-forwarded-for"));
        assertEquals(List.of("https"), request.headers.getAll("x-forwarded-proto"));
    }

    @Test
    void takesTheAuthorityAndPathFromAnAbsoluteFormTarget() {
        send("GET http://example.org:8080/x?y=1 HTTP/1.1\r\nHost: other\r\n\r\n");
        RecordingDecoder request = requests.get(0);
        assertEquals("example.org:8080", request.headers.get(":authority"));
        assertEquals("/x?y=1", request.headers.get(":path"));
        respondEmpty(0);
        send("GET http://example.org?q HTTP/1.1\r\nHost: other\r\n\r\n");
        assertEquals("/?q", requests.get(1).headers.get(":path"));
    }

    @Test
    void givesConnectTheTargetAsAuthorityAndNoPath() {
        send("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n");
        assertEquals("{:method: CONNECT, :scheme: http, :authority: example.org:443, x-forwarded-for: 192.0.2.7, "
                + "x-forwarded-proto: http}", requests.get(0).headers.toString());
    }

    @Test
    void keepsTheAsteriskTargetOfOptions() {
        send("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("*", requests.get(0).headers.get(":path"));
    }

    @Test
    void rejectsARequestLineOverTheLimitWith414() {
        send("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: h\r\n\r\n");
        assertRejected("414 Request-URI Too Long");
    }

    @Test
    void answers408WhenTheHeadersAreNotCompleteInTime() {
        send("GET / HTTP/1.1\r\nHost: h\r\n");
        connection.advanceTimeBy(Duration.ofSeconds(29));
        send("X-Slow: 1\r\n");
        assertEquals("", connection.takeOutput());
        assertFalse(connection.isClosed());

        connection.advanceTimeBy(Duration.ofSeconds(1));
        assertRejected("408 Request Timeout");
    }

    @Test
    void theHeaderTimeLimitEndsWithTheHeaders() {
        send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nab");
        connection.advanceTimeBy(Duration.ofMinutes(5));
        assertEquals(1, requests.size());
        assertFalse(connection.isClosed(), "a slow body is not the header timeout's business");
        send("cde");
        respondEmpty(0);
        assertEquals(OK_EMPTY, connection.takeOutput());

        connection.advanceTimeBy(Duration.ofMinutes(5));
        assertFalse(connection.isClosed(), "an idle keep-alive connection is not timed by it either");
    }

    @Test
    void eachRequestGetsTheHeaderTimeLimitFromItsFirstByte() {
        send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n");
        respondEmpty(0);
        connection.advanceTimeBy(Duration.ofMinutes(1));
        send("GET /2 HTTP/1.1\r\n");
        connection.advanceTimeBy(Duration.ofSeconds(29));
        assertFalse(connection.isClosed());
        connection.advanceTimeBy(Duration.ofSeconds(1));
        assertEquals(OK_EMPTY + "HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void aPipelinedRequestReadWithThePreviousOneIsTimedFromThatRead() {
        send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HT");
        respondEmpty(0);
        connection.advanceTimeBy(Duration.ofSeconds(29));
        assertEquals(OK_EMPTY, connection.takeOutput());
        connection.advanceTimeBy(Duration.ofSeconds(1));
        assertEquals("HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                connection.takeOutput());
        assertEquals(1, requests.size());
    }

    @Test
    void theTimeThisSideDoesNotReadDoesNotCountAgainstTheHeaders() {
        send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HT");
        assertFalse(connection.readEnabled(), "/2 is queued behind /1");
        connection.advanceTimeBy(Duration.ofMinutes(5));
        assertFalse(connection.isClosed());
        respondEmpty(0);
        assertTrue(connection.readEnabled());
        respondEmpty(1);
        connection.advanceTimeBy(Duration.ofSeconds(30));
        assertEquals(OK_EMPTY + OK_EMPTY + "HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                connection.takeOutput());
        assertEquals(2, requests.size());
    }

    @Test
    void theHeaderTimeLimitComesFromTheLimitsAndZeroTurnsItOff() {
        server.onConnectionClosed();
        server = newServer(new Http1Limits(8192, 65536, 100, Duration.ofSeconds(2)));
        send("GET / HTTP/1.1\r\n");
        connection.advanceTimeBy(Duration.ofSeconds(2));
        assertRejected("408 Request Timeout");

        connection.closes.clear();
        server = newServer(new Http1Limits(8192, 65536, 100, Duration.ZERO));
        send("GET / HTTP/1.1\r\n");
        connection.advanceTimeBy(Duration.ofDays(1));
        assertFalse(connection.isClosed());
    }

    @Test
    void rejectsMoreHeaderLinesThanTheLimitWith431() {
        String ninetyNine = "X-H: v\r\n".repeat(99);
        send("GET / HTTP/1.1\r\nHost: h\r\n" + ninetyNine + "\r\n");
        assertEquals(1, requests.size());
        respondEmpty(0);
        connection.takeOutput();
        requests.clear();

        send("GET / HTTP/1.1\r\nHost: h\r\n" + ninetyNine + "X-H: one too many\r\n\r\n");
        assertRejected("431 Request Header Fields Too Large");
    }

    @Test
    void takesItsLimitsFromTheConstructor() {
        server.onConnectionClosed();
        server = newServer(new Http1Limits(32, 64));
        String line = "GET /" + "a".repeat(18) + " HTTP/1.1";
        assertEquals(32, line.length());
        send(line + "\r\nHost: h\r\nX-Pad: " + "p".repeat(64 - "Host: h".length() - "X-Pad: ".length())
                + "\r\n\r\n");
        assertEquals(1, requests.size());
        respondEmpty(0);
        connection.takeOutput();
        requests.clear();

        send(line + "\r\nHost: h\r\nX-Pad: " + "p".repeat(65 - "Host: h".length() - "X-Pad: ".length())
                + "\r\n\r\n");
        assertRejected("431 Request Header Fields Too Large");

        connection.closes.clear();
        server = newServer(new Http1Limits(32, 64));
        send("GET /" + "a".repeat(19) + " HTTP/1.1\r\nHost: h\r\n\r\n");
        assertRejected("414 Request-URI Too Long");
    }

    @Test
    void rejectsHeadersOverTheLimitWith431() {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 70; i++) {
            request.append("X-Pad-").append(i).append(": ").append("p".repeat(1000)).append("\r\n");
        }
        send(request.append("\r\n").toString());
        assertRejected("431 Request Header Fields Too Large");
    }

    @Test
    void rejectsAMalformedRequestLineWith400() {
        send("GARBAGE\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsContentLengthWithTransferEncoding() {
        send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsTransferEncodingWithContentLengthInAnHttp10Request() {
        send("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\nabcd");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsDifferingContentLengths() {
        send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsSeveralContentLengthsFromAnHttp10Client() {
        send("POST / HTTP/1.0\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsANonNumericContentLength() {
        send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsANegativeContentLength() {
        send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsAPlusSignedContentLength() {
        send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +4\r\n\r\nabcd");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsATransferCodingThatDoesNotEndInChunked() {
        send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void refusesACodingUnderChunkedThatWouldBeLostUpstream() {
        send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
        assertRejected("501 Not Implemented");
    }

    @Test
    void rejectsTransferEncodingInAnHttp10Request() {
        send("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsAHeaderLineWithoutAColon() {
        send("GET / HTTP/1.1\r\nHost: h\r\nthis is not a header\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsWhitespaceBeforeTheColon() {
        send("GET / HTTP/1.1\r\nHost : h\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsAContinuationLineBeforeAnyHeader() {
        send("GET / HTTP/1.1\r\n folded: x\r\nHost: h\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsAFoldedHeaderLine() {
        send("GET / HTTP/1.1\r\nHost: h\r\nX-Folded: a\r\n  b\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsAFoldedHeaderLineThatArrivesInALaterRead() {
        send("GET / HTTP/1.1\r\nHost: h\r\nX-Folded: a\r\n");
        send("\tTransfer-Encoding: chunked\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsBareLineFeeds() {
        send("GET / HTTP/1.1\nHost: h\n\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsAControlCharacterInAHeaderValue() {
        send("GET / HTTP/1.1\r\nHost: h\r\nX-Bad: a\u0000b\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsAnHttp11RequestWithoutHost() {
        send("GET / HTTP/1.1\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsSeveralHostHeaders() {
        send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        assertRejected("400 Bad Request");
    }

    @Test
    void rejectsOtherHttpVersions() {
        send("GET / HTTP/2.0\r\nHost: h\r\n\r\n");
        assertRejected("505 HTTP Version Not Supported");
    }

    @Test
    void resetsTheStreamAndAnswers400OnABadChunkInTheBody() {
        send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        RecordingDecoder request = requests.get(0);
        assertEquals("abc", request.body.toString());
        send("zz\r\n");
        assertEquals(StreamResetReason.PROTOCOL_ERROR, request.reset);
        assertEquals(StreamResetReason.PROTOCOL_ERROR, request.callbackReset);
        assertEquals("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void closesWithoutA400WhenTheBodyGoesBadAfterTheResponseStarted() {
        send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        responses.get(0).encodeHeaders(headers(":status", "200"), false);
        connection.takeOutput();
        send("3\r\nabcX\r\n");
        assertEquals(StreamResetReason.PROTOCOL_ERROR, requests.get(0).reset);
        assertEquals("", connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void deliversARequestSplitAtEveryByteBoundary() {
        String request = "POST /p?q=1 HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nWiki\r\n5\r\npedia\r\n0\r\nX-T: 1\r\n\r\n";
        for (int split = 1; split < request.length(); split++) {
            requests.clear();
            responses.clear();
            server.onConnectionClosed();
            server = newServer(Http1Limits.DEFAULT);
            send(request.substring(0, split));
            send(request.substring(split));
            assertChunkedRequest("split at " + split);
        }
        requests.clear();
        server.onConnectionClosed();
        server = newServer(Http1Limits.DEFAULT);
        for (int i = 0; i < request.length(); i++) {
            send(request.substring(i, i + 1));
        }
        assertChunkedRequest("byte by byte");
        assertTrue(connection.closes.isEmpty());
    }

    private void assertChunkedRequest(String how) {
        assertEquals(1, requests.size(), how);
        RecordingDecoder decoded = requests.get(0);
        assertEquals("{:method: POST, :scheme: http, :path: /p?q=1, :authority: example.com, "
                + "x-forwarded-for: 192.0.2.7, x-forwarded-proto: http}", decoded.headers.toString(), how);
        assertEquals("Wikipedia", decoded.body.toString(), how);
        assertEquals("{X-T: 1}", decoded.trailers.toString(), how);
        assertTrue(decoded.complete, how);
    }

    @Test
    void deliversAContentLengthRequestSplitAtEveryByteBoundary() {
        String request = "PUT /k HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\n\r\nabcdefg";
        for (int split = 1; split < request.length(); split++) {
            requests.clear();
            server.onConnectionClosed();
            server = newServer(Http1Limits.DEFAULT);
            send(request.substring(0, split));
            send(request.substring(split));
            assertEquals(1, requests.size());
            assertEquals("abcdefg", requests.get(0).body.toString(), "split at " + split);
            assertTrue(requests.get(0).complete);
            assertEquals(split > request.length() - 7 ? 2 : 1, requests.get(0).chunks.size(), "split at " + split);
        }
    }

    @Test
    void resetsTheActiveStreamWhenTheConnectionCloses() {
        send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
        server.onConnectionClosed();
        RecordingDecoder request = requests.get(0);
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, request.reset);
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, request.callbackReset);
        assertEquals(0, server.activeStreams());
    }

    @Test
    void resetsARequestCutShortByTheClientsEnd() {
        send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
        server.onData(bytes("de"), true);
        RecordingDecoder request = requests.get(0);
        assertEquals("abcde", request.body.toString());
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, request.reset);
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void answersCompleteRequestsAfterTheClientsEndThenCloses() {
        send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHo");
        server.onData(bytes("st: h\r\nContent-Length: 4\r\n\r\nab"), true);
        assertEquals(1, requests.size());
        respondEmpty(0);
        assertEquals(2, requests.size());
        assertFalse(connection.isClosed());
        respondEmpty(1);
        assertEquals(2, requests.size());
        assertEquals(OK_EMPTY + OK_EMPTY, connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
        assertNull(requests.get(1).reset);
    }

    @Test
    void closesAnIdleConnectionAtTheClientsEnd() {
        server.onData(bytes(""), true);
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
        assertEquals("", connection.takeOutput());
    }

    @Test
    void closesTheConnectionOnReset() {
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        responses.get(0).encodeHeaders(headers(":status", "200"), false);
        responses.get(0).reset(StreamResetReason.LOCAL_RESET);
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
        assertNull(requests.get(0).reset);
        responses.get(0).encodeData(bytes("ignored"), true);
        assertEquals("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n", connection.takeOutput());
        server.onConnectionClosed();
        assertNull(requests.get(0).reset);
    }

    @Test
    void closesAfterTheActiveResponseWhenShutDownGracefully() {
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        server.shutdownGracefully();
        assertFalse(connection.isClosed());
        respondEmpty(0);
        assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n", connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void closesAConnectionIdleAfterARequestWhenShutDownGracefully() {
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        respondEmpty(0);
        assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", connection.takeOutput());
        assertFalse(connection.isClosed());
        server.shutdownGracefully();
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void servesTheFirstRequestOfAConnectionShutDownGracefullyBeforeItCame() {
        server.shutdownGracefully();
        assertFalse(connection.isClosed());
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(1, requests.size());
        respondEmpty(0);
        assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n", connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void pausesTheRequestBodyWhileTheEncoderHasReadingOff() {
        send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\nabc");
        RecordingDecoder request = requests.get(0);
        responses.get(0).setReadEnabled(false);
        assertFalse(connection.readEnabled());
        send("def");
        assertEquals("abc", request.body.toString());
        responses.get(0).setReadEnabled(true);
        assertEquals("abcdef", request.body.toString());
        assertTrue(request.complete);
        assertTrue(connection.readEnabled());
    }

    @Test
    void closesAfterAResponseThatStartsBeforeTheRequestEnds() {
        send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nabc");
        responses.get(0).encodeHeaders(headers(":status", "413", "content-length", "0"), true);
        assertEquals("HTTP/1.1 413 Request Entity Too Large\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    @Test
    void passesWritabilityToTheActiveStream() {
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        connection.writable = false;
        server.onWritabilityChanged(false);
        assertFalse(responses.get(0).isWritable());
        assertEquals(List.of(false), requests.get(0).writability);
    }

    @Test
    void answers502ClosesAndResetsOnAResponseWithABadStatus() {
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        responses.get(0).encodeHeaders(headers(":status", "2x0"), true);
        assertEquals("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
        assertEquals(StreamResetReason.PROTOCOL_ERROR, requests.get(0).callbackReset);
    }

    @Test
    void answers502ClosesAndResetsOnAResponseHeaderThatWouldSplitTheResponse() {
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        responses.get(0).encodeHeaders(headers(":status", "200", "x-bad", "a\r\nset-cookie: b"), true);
        assertEquals("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
        assertEquals(StreamResetReason.PROTOCOL_ERROR, requests.get(0).reset);
    }

    @Test
    void dropsInterimResponsesFromUpstream() {
        send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        responses.get(0).encodeHeaders(headers(":status", "100"), false);
        respondEmpty(0);
        assertEquals(OK_EMPTY, connection.takeOutput());
    }

    private void assertRejected(String status) {
        assertEquals(0, requests.size());
        assertEquals("HTTP/1.1 " + status + "\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                connection.takeOutput());
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    // ---------------------------------------------------------------- Upgrade

    private static final String UPGRADE = "GET /up HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\n"
            + "Upgrade: websocket, h2c\r\nHTTP2-Settings: AAMAAABk\r\n\r\n";

    /** Takes the upgrade to h2c and records what it was handed. */
    private final class UpgradingListener implements ServerStreamListener {

        String token;
        HeaderMap request;
        String leftover;
        final List<String> offered = new ArrayList<>();

        @Override
        public StreamDecoder newStream(StreamEncoder responseEncoder) {
            RecordingDecoder decoder = new RecordingDecoder();
            requests.add(decoder);
            responses.add(responseEncoder);
            return decoder;
        }

        @Override
        public boolean acceptsUpgrade(String offeredToken, HeaderMap headers) {
            offered.add(offeredToken);
            return offeredToken.equals("h2c");
        }

        @Override
        public void upgrade(String acceptedToken, HeaderMap headers, ByteBuf bytes, boolean endOfStream) {
            token = acceptedToken;
            request = headers;
            leftover = bytes.toString(StandardCharsets.US_ASCII);
            bytes.release();
        }
    }

    @Test
    void anAcceptedUpgradeWrites101AndHandsOverTheRequestAndTheBytesAfterIt() {
        UpgradingListener listener = new UpgradingListener();
        server = new Http1ServerConnection(connection, listener, Http1Limits.DEFAULT);

        server.onData(bytes(UPGRADE + "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), false);

        assertEquals(List.of("websocket", "h2c"), listener.offered);
        assertEquals("h2c", listener.token);
        assertEquals("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", listener.leftover);
        assertEquals("GET", listener.request.get(":method"));
        assertEquals("/up", listener.request.get(":path"));
        assertEquals("AAMAAABk", listener.request.get("http2-settings"));
        assertEquals("websocket, h2c", listener.request.get("upgrade"));
        assertEquals("HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: h2c\r\n\r\n",
                connection.takeOutput());
        assertTrue(requests.isEmpty(), "the upgrade request is the new protocol's to serve");
        assertFalse(connection.isClosed());
        assertEquals(0, server.activeStreams());
    }

    @Test
    void anUpgradeBehindAnotherRequestIsServedAsHttp11() {
        UpgradingListener listener = new UpgradingListener();
        server = new Http1ServerConnection(connection, listener, Http1Limits.DEFAULT);

        server.onData(bytes("GET /first HTTP/1.1\r\nHost: h\r\n\r\n" + UPGRADE), false);
        responses.get(0).encodeHeaders(headers(":status", "200", "content-length", "0"), true);

        assertNull(listener.token);
        assertTrue(listener.offered.isEmpty());
        assertEquals(2, requests.size());
        assertNull(requests.get(1).headers.get("upgrade"), "hop-by-hop: " + requests.get(1).headers);
        assertNull(requests.get(1).headers.get("http2-settings"));
    }

    @Test
    void aRefusedUpgradeIsServedAsHttp11() {
        send(UPGRADE);

        assertEquals(1, requests.size());
        assertEquals("/up", requests.get(0).headers.get(":path"));
        assertNull(requests.get(0).headers.get("upgrade"));
        respondEmpty(0);
        assertEquals(OK_EMPTY, connection.takeOutput());
    }
}
