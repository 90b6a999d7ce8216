package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.plugin.http1.Http1Bytes.bytes;
import static org.mosn4j.plugin.http1.Http1Bytes.headers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.MatchResult;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.testkit.RecordingDecoder;
import org.pf4j.Extension;

class Http1ProtocolTest {

    private final Http1Protocol protocol = new Http1Protocol();

    private MatchResult match(String prefix) {
        ByteBuf bytes = bytes(prefix);
        try {
            int readerIndex = bytes.readerIndex();
            MatchResult result = protocol.match(bytes);
            assertEquals(readerIndex, bytes.readerIndex(), "match must not consume");
            return result;
        } finally {
            bytes.release();
        }
    }

    @Test
    void isTheHttp1Extension() {
        assertEquals("Http1", protocol.type());
        assertTrue(Http1Protocol.class.isAnnotationPresent(Extension.class));
        assertEquals(1, protocol.maxConcurrentStreams());
    }

    @Test
    void isListedInTheExtensionIndex() throws IOException {
        boolean listed = false;
        for (URL index : Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
            try (InputStream in = index.openStream()) {
                listed |= new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .anyMatch(Http1Protocol.class.getName()::equals);
            }
        }
        assertTrue(listed);
    }

    @Test
    void matchesEveryMethodFollowedByASpace() {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE",
                "CONNECT"}) {
            assertEquals(MatchResult.MATCH, match(method + " "), method);
            assertEquals(MatchResult.MATCH, match(method + " /index.html HTTP/1.1\r\n"), method);
            for (int length = 1; length <= method.length(); length++) {
                assertEquals(MatchResult.NEED_MORE_DATA, match(method.substring(0, length)), method);
            }
        }
    }

    @Test
    void needsMoreDataForNothing() {
        assertEquals(MatchResult.NEED_MORE_DATA, match(""));
    }

    @Test
    void doesNotMatchTheHttp2PrefaceOrOtherBytes() {
        assertEquals(MatchResult.NO_MATCH, match("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        assertEquals(MatchResult.NO_MATCH, match("PRI"));
        assertEquals(MatchResult.NO_MATCH, match("GET/ HTTP/1.1"));
        assertEquals(MatchResult.NO_MATCH, match("get / HTTP/1.1"));
        assertEquals(MatchResult.NO_MATCH, match("GETS"));
        assertEquals(MatchResult.NO_MATCH, match("\u0016\u0003\u0001"));
        assertEquals(MatchResult.NO_MATCH, match("\u00da\u00bb"));
    }

    @Test
    void matchesFromTheReaderIndex() {
        ByteBuf bytes = bytes("xxGET /");
        try {
            bytes.skipBytes(2);
            assertEquals(MatchResult.MATCH, protocol.match(bytes));
        } finally {
            bytes.release();
        }
    }

    @Test
    void wrapsConnectionsOnBothSides() {
        RecordingConnection downstream = new RecordingConnection();
        RecordingDecoder request = new RecordingDecoder();
        StreamEncoder[] response = new StreamEncoder[1];
        ServerStreamConnection server = protocol.newServerConnection(downstream, encoder -> {
            response[0] = encoder;
            return request;
        });
        server.onData(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), false);
        assertEquals("/", request.headers.get(":path"));
        response[0].encodeHeaders(headers(":status", "200", "content-length", "0"), true);
        assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", downstream.takeOutput());
        server.onConnectionClosed();

        RecordingConnection upstream = new RecordingConnection();
        ClientStreamConnection client = protocol.newClientConnection(upstream, reusable -> { });
        assertTrue(client.canStartStream());
        client.newStream(new RecordingDecoder()).encodeHeaders(headers(":method", "GET", ":path", "/",
                ":authority", "h"), true);
        assertEquals("GET / HTTP/1.1\r\nhost: h\r\n\r\n", upstream.takeOutput());
        client.onConnectionClosed();
    }

    @Test
    void refusesNonPositiveLimits() {
        assertThrows(IllegalArgumentException.class, () -> new Http1Limits(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Http1Limits(1, -1));
        assertEquals(new Http1Limits(8192, 65536), Http1Limits.DEFAULT);
    }

    private static Protocol withOptions(String json) throws Exception {
        return new Http1Protocol().withOptions(new ObjectMapper().readTree(json), "x.extend_config.Http1");
    }

    private static String firstResponse(Protocol protocol, String request) {
        RecordingConnection downstream = new RecordingConnection();
        ServerStreamConnection server = protocol.newServerConnection(downstream, encoder -> {
            encoder.encodeHeaders(headers(":status", "200", "content-length", "0"), true);
            return new RecordingDecoder();
        });
        server.onData(bytes(request), false);
        server.onConnectionClosed();
        return downstream.takeOutput();
    }

    @Test
    void takesItsLimitsFromExtendConfig() throws Exception {
        Protocol protocol = withOptions("""
                {"max_header_count": 2, "max_header_size": 40, "max_request_line_length": 20,
                 "request_header_timeout": "10s"}""");
        assertTrue(firstResponse(protocol, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\n\r\n").startsWith("HTTP/1.1 200 "));
        assertTrue(firstResponse(protocol, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n")
                .startsWith("HTTP/1.1 431 "));
        assertTrue(firstResponse(protocol, "GET / HTTP/1.1\r\nHost: h\r\nA: " + "a".repeat(40) + "\r\n\r\n")
                .startsWith("HTTP/1.1 431 "));
        assertTrue(firstResponse(protocol, "GET /" + "a".repeat(20) + " HTTP/1.1\r\nHost: h\r\n\r\n")
                .startsWith("HTTP/1.1 414 "));
    }

    @Test
    void namesTheBadExtendConfigOption() {
        ConfigException count = assertThrows(ConfigException.class, () -> withOptions("{\"max_header_count\": 0}"));
        assertEquals("x.extend_config.Http1.max_header_count", count.path());
        assertEquals("expected 1 or more, got 0", count.problem());
        ConfigException size = assertThrows(ConfigException.class, () -> withOptions("{\"max_header_size\": -1}"));
        assertEquals("x.extend_config.Http1.max_header_size", size.path());
        ConfigException timeout = assertThrows(ConfigException.class,
                () -> withOptions("{\"request_header_timeout\": \"-1s\"}"));
        assertEquals("x.extend_config.Http1.request_header_timeout", timeout.path());
        ConfigException type = assertThrows(ConfigException.class,
                () -> withOptions("{\"request_header_timeout\": true}"));
        assertTrue(type.path().startsWith("x.extend_config.Http1.request_header_timeout"), type.path());
    }
}
