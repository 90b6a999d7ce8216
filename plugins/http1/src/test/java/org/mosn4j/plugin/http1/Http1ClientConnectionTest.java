package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.plugin.http1.Http1Bytes.bytes;
import static org.mosn4j.plugin.http1.Http1Bytes.headers;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.mosn4j.testkit.RecordingDecoder;

class Http1ClientConnectionTest {

    private final RecordingConnection connection = new RecordingConnection();
    private final List<Boolean> completions = new ArrayList<>();
    private Http1ClientConnection client = new Http1ClientConnection(connection, completions::add,
            Http1Limits.DEFAULT);
    private RecordingDecoder response;

    @AfterEach
    void closeConnection() {
        client.onConnectionClosed();
    }

    private StreamEncoder start() {
        response = new RecordingDecoder();
        StreamEncoder request = client.newStream(response);
        request.setCallbacks(response.callbacks);
        return request;
    }

    private void get(String path) {
        start().encodeHeaders(headers(":method", "GET", ":scheme", "http", ":path", path,
                ":authority", "example.com"), true);
    }

    private void receive(String text) {
        client.onData(bytes(text), false);
    }

    @Test
    void encodesAGetWithHostFromTheAuthority() {
        start().encodeHeaders(headers(":method", "GET", ":scheme", "http", ":path", "/a?b=c",
                ":authority", "example.com:8080", "accept", "*/*", "host", "ignored"), true);
        assertEquals("GET /a?b=c HTTP/1.1\r\nhost: example.com:8080\r\naccept: */*\r\n\r\n",
                connection.takeOutput());
        assertEquals(1, connection.writes.size());
        assertFalse(client.canStartStream());
        assertEquals(1, client.activeStreams());
    }

    @Test
    void encodesAContentLengthBodyAsGiven() {
        StreamEncoder request = start();
        request.encodeHeaders(headers(":method", "POST", ":path", "/p", ":authority", "h",
                "content-length", "10"), false);
        request.encodeData(bytes("hello"), false);
        request.encodeData(bytes("world"), true);
        assertEquals(List.of("POST /p HTTP/1.1\r\nhost: h\r\ncontent-length: 10\r\n\r\n", "hello", "world"),
                connection.writes);
    }

    @Test
    void chunksABodyWithoutLengthAndSendsTrailers() {
        StreamEncoder request = start();
        request.encodeHeaders(headers(":method", "POST", ":path", "/p", ":authority", "h",
                "te", "trailers"), false);
        request.encodeData(bytes("Wiki"), false);
        request.encodeData(bytes("pedia"), false);
        request.encodeTrailers(headers("x-sum", "42"));
        assertEquals("POST /p HTTP/1.1\r\nhost: h\r\nte: trailers\r\ntransfer-encoding: chunked\r\n\r\n"
                + "4\r\nWiki\r\n5\r\npedia\r\n0\r\nx-sum: 42\r\n\r\n", connection.takeOutput());
    }

    @Test
    void givesAnEmptyPostAZeroLength() {
        start().encodeHeaders(headers(":method", "POST", ":path", "/p", ":authority", "h"), true);
        assertEquals("POST /p HTTP/1.1\r\nhost: h\r\ncontent-length: 0\r\n\r\n", connection.takeOutput());
    }

    @Test
    void removesHopByHopHeadersFromTheRequest() {
        start().encodeHeaders(headers(":method", "GET", ":path", "/", ":authority", "h", "connection",
                "x-hop", "x-hop", "1", "keep-alive", "timeout=1", "proxy-connection", "close", "upgrade", "h2c",
                "te", "deflate", "trailer", "x-t", "proxy-authorization", "Basic eDp5", "transfer-encoding",
                "chunked", "x-end", "1"), true);
        assertEquals("GET / HTTP/1.1\r\nhost: h\r\nx-end: 1\r\n\r\n", connection.takeOutput());
    }

    @Test
    void decodesAResponseAndKeepsTheConnectionForTheNextStream() {
        get("/1");
        receive("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhel");
        assertEquals("{:status: 200, Content-Type: text/plain, Content-Length: 5}", response.headers.toString());
        assertFalse(response.headersEndStream);
        assertEquals(List.of(), completions);
        receive("lo");
        assertEquals(List.of("hel", "lo"), response.chunks);
        assertTrue(response.complete);
        assertEquals(List.of(true), completions);
        assertTrue(client.canStartStream());
        assertEquals(0, client.activeStreams());

        connection.takeOutput();
        get("/2");
        assertEquals("GET /2 HTTP/1.1\r\nhost: example.com\r\n\r\n", connection.takeOutput());
        receive("HTTP/1.1 204 No Content\r\n\r\n");
        assertEquals("204", response.headers.get(":status"));
        assertTrue(response.headersEndStream);
        assertEquals(List.of(true, true), completions);
    }

    @Test
    void decodesAChunkedResponseWithTrailers() {
        get("/");
        receive("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: grpc-status\r\n\r\n"
                + "4\r\nWiki\r\n5\r\npedia\r\n0\r\ngrpc-status: 0\r\n\r\n");
        assertEquals("{:status: 200}", response.headers.toString());
        assertEquals(List.of("Wiki", "pedia"), response.chunks);
        assertEquals("{grpc-status: 0}", response.trailers.toString());
        assertEquals(List.of(true), completions);
    }

    @Test
    void readsNoBodyAfterAResponseToHead() {
        start().encodeHeaders(headers(":method", "HEAD", ":path", "/f", ":authority", "h"), true);
        assertEquals("HEAD /f HTTP/1.1\r\nhost: h\r\n\r\n", connection.takeOutput());
        receive("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
        assertEquals("10", response.headers.get("content-length"));
        assertTrue(response.headersEndStream);
        assertEquals(List.of(true), completions);

        get("/g");
        receive("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
        assertEquals("abc", response.body.toString());
        assertEquals(List.of(true, true), completions);
    }

    @Test
    void skipsInterimResponses() {
        StreamEncoder request = start();
        request.encodeHeaders(headers(":method", "PUT", ":path", "/x", ":authority", "h", "content-length", "1"),
                false);
        receive("HTTP/1.1 100 Continue\r\n\r\n");
        assertNull(response.headers);
        request.encodeData(bytes("x"), true);
        receive("HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
        assertEquals("{:status: 201, Content-Length: 2}", response.headers.toString());
        assertEquals("ok", response.body.toString());
        assertEquals(List.of(true), completions);
    }

    @Test
    void reportsTheConnectionNotReusableAfterConnectionClose() {
        get("/");
        receive("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        assertNull(response.headers.get("connection"));
        assertEquals("ok", response.body.toString());
        assertEquals(List.of(false), completions);
        assertFalse(client.canStartStream());
        assertThrows(IllegalStateException.class, () -> client.newStream(new RecordingDecoder()));
    }

    @Test
    void reportsAnHttp10ResponseWithoutKeepAliveNotReusable() {
        get("/");
        receive("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals(List.of(false), completions);
    }

    @Test
    void keepsAnHttp10ResponseWithKeepAlive() {
        get("/");
        receive("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok");
        assertEquals("{:status: 200, Content-Length: 2}", response.headers.toString());
        assertEquals(List.of(true), completions);
    }

    @Test
    void endsACloseDelimitedResponseAtTheConnectionsEnd() {
        get("/");
        receive("HTTP/1.1 200 OK\r\n\r\nabc");
        assertEquals("abc", response.body.toString());
        assertFalse(response.complete);
        client.onData(bytes("def"), true);
        assertEquals("abcdef", response.body.toString());
        assertTrue(response.complete);
        assertNull(response.reset);
        assertEquals(List.of(false), completions);
    }

    @Test
    void endsACloseDelimitedResponseWhenTheConnectionCloses() {
        get("/");
        receive("HTTP/1.1 200 OK\r\n\r\nabc");
        client.onConnectionClosed();
        assertEquals("abc", response.body.toString());
        assertTrue(response.complete);
        assertNull(response.reset);
        assertEquals(List.of(false), completions);
    }

    @Test
    void resetsTheStreamWhenTheConnectionClosesBeforeTheResponseEnds() {
        get("/");
        receive("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        client.onConnectionClosed();
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, response.reset);
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, response.callbackReset);
        assertEquals(List.of(false), completions);
        assertFalse(client.canStartStream());
    }

    @Test
    void resetsTheStreamWhenThePeerEndsBeforeAnyResponse() {
        get("/");
        client.onData(bytes(""), true);
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, response.reset);
        assertEquals(List.of(false), completions);
    }

    @Test
    void resetsTheStreamOnAMalformedResponse() {
        get("/");
        receive("HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n");
        assertEquals(StreamResetReason.PROTOCOL_ERROR, response.reset);
        assertEquals(List.of(false), completions);
        assertFalse(client.canStartStream());
    }

    @Test
    void resetsTheStreamOnAResponseOverTheHeaderLimit() {
        client.onConnectionClosed();
        client = new Http1ClientConnection(connection, completions::add, new Http1Limits(64, 32));
        get("/");
        receive("HTTP/1.1 200 OK\r\nX-Long: " + "x".repeat(40) + "\r\n\r\n");
        assertEquals(StreamResetReason.PROTOCOL_ERROR, response.reset);
        assertEquals(List.of(false), completions);
    }

    @Test
    void removesHopByHopHeadersFromTheResponse() {
        get("/");
        receive("HTTP/1.1 200 OK\r\nConnection: x-hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\n"
                + "Proxy-Authenticate: Basic\r\nUpgrade: h2c\r\nTransfer-Encoding: chunked\r\nX-End: 1\r\n\r\n"
                + "0\r\n\r\n");
        assertEquals("{:status: 200, X-End: 1}", response.headers.toString());
        assertEquals(List.of(true), completions);
    }

    @Test
    void decodesAResponseSplitAtEveryByteBoundary() {
        String wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\n"
                + "X-T: 1\r\n\r\n";
        for (int split = 1; split < wire.length(); split++) {
            get("/");
            receive(wire.substring(0, split));
            receive(wire.substring(split));
            assertEquals("{:status: 200}", response.headers.toString(), "split at " + split);
            assertEquals("Wikipedia", response.body.toString(), "split at " + split);
            assertEquals("{X-T: 1}", response.trailers.toString(), "split at " + split);
            assertEquals(split, completions.size());
        }
        assertFalse(completions.contains(false));
    }

    @Test
    void closesTheConnectionOnReset() {
        StreamEncoder request = start();
        request.encodeHeaders(headers(":method", "POST", ":path", "/", ":authority", "h"), false);
        request.reset(StreamResetReason.LOCAL_RESET);
        assertEquals(List.of(CloseType.NO_FLUSH), connection.closes);
        assertEquals(List.of(false), completions);
        assertNull(response.reset);
        request.encodeData(bytes("late"), true);
        client.onConnectionClosed();
        assertEquals(List.of(false), completions);
    }

    @Test
    void endsTheStreamNotReusableWhenTheResponseComesBeforeTheRequestEnds() {
        StreamEncoder request = start();
        request.encodeHeaders(headers(":method", "POST", ":path", "/", ":authority", "h"), false);
        receive("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n");
        assertEquals("413", response.headers.get(":status"));
        assertEquals(List.of(false), completions);
        request.encodeData(bytes("dropped"), true);
        assertEquals("POST / HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked\r\n\r\n", connection.takeOutput());
    }

    @Test
    void pausesTheResponseWhileTheEncoderHasReadingOff() {
        StreamEncoder request = start();
        request.encodeHeaders(headers(":method", "GET", ":path", "/", ":authority", "h"), true);
        receive("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc");
        request.setReadEnabled(false);
        assertFalse(connection.readEnabled());
        receive("def");
        assertEquals("abc", response.body.toString());
        request.setReadEnabled(true);
        assertEquals("abcdef", response.body.toString());
        assertTrue(connection.readEnabled());
        assertEquals(List.of(true), completions);
    }

    @Test
    void closesAConnectionThatSendsAResponseWithoutARequest() {
        receive("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertEquals(List.of(CloseType.NO_FLUSH), connection.closes);
        assertFalse(client.canStartStream());
        assertEquals(List.of(), completions);
    }

    @Test
    void resetsTheStreamWhenTheRequestCannotBeEncoded() {
        start().encodeHeaders(headers(":method", "GET", ":path", "/", ":authority", "h", "x-bad", "a\r\nb"), true);
        assertEquals("", connection.takeOutput());
        assertEquals(StreamResetReason.PROTOCOL_ERROR, response.reset);
        assertEquals(List.of(false), completions);
    }

    @Test
    void passesWritabilityToTheActiveStream() {
        get("/");
        client.onWritabilityChanged(false);
        assertEquals(List.of(false), response.writability);
    }
}
