package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mosn4j.plugin.dubbo.DubboFrames.Written;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.mosn4j.testkit.RecordingDecoder;
import org.mosn4j.testkit.RecordingConnection;

class DubboServerConnectionTest {

    private final RecordingConnection connection = new RecordingConnection(new InetSocketAddress("127.0.0.1", 51000), new InetSocketAddress("127.0.0.1", 20880));
    private final RecordingListener listener = new RecordingListener();
    private DubboServerConnection server = new DubboServerConnection(connection, listener, DubboLimits.DEFAULT);

    @AfterEach
    void dispose() {
        server.onConnectionClosed();
        connection.dispose();
    }

    private void feed(byte[]... reads) {
        for (byte[] read : reads) {
            server.onData(ByteBufAllocator.DEFAULT.buffer(read.length).writeBytes(read), false);
        }
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aFrameSplitAcrossReadsBecomesOneStreamWithRoutingHeadersAndTheBodyUnchanged() {
        byte[] body = DubboFrames.sayHello("world");
        byte[] frame = DubboFrames.request(41, body);
        feed(Arrays.copyOfRange(frame, 0, 1), Arrays.copyOfRange(frame, 1, 10), Arrays.copyOfRange(frame, 10, 30),
                Arrays.copyOfRange(frame, 30, frame.length));

        assertEquals(1, listener.requests.size());
        RecordingDecoder request = listener.requests.get(0);
        assertTrue(request.complete);
        assertEquals("org.example.GreetingService", request.headers.get("service"));
        assertEquals("sayHello", request.headers.get("method"));
        assertEquals("1.0.0", request.headers.get("version"));
        assertEquals("blue", request.headers.get("group"));
        assertEquals("3000", request.headers.get("timeout"));
        assertEquals(latin1(body), request.body.toString());
        assertEquals(1, server.activeStreams());
    }

    @Test
    void theInterfaceAttachmentNamesTheServiceAndPseudoHeadersCannotBeAttached() {
        feed(DubboFrames.request(1, DubboFrames.invocation("path/alias", "", "m", "", new Object[0],
                Map.of("interface", "org.example.Real", ":path", "/admin", "method", "other"))));
        HeaderMap headers = listener.requests.get(0).headers;
        assertEquals("org.example.Real", headers.get("service"));
        assertEquals("m", headers.get("method"));
        assertEquals(null, headers.get("version"));
        assertEquals(null, headers.get(":path"));
    }

    @Test
    void severalFramesInOneReadBecomeSeveralStreams() {
        feed(DubboFrames.concat(DubboFrames.request(1, DubboFrames.sayHello("a")),
                DubboFrames.request(2, DubboFrames.sayHello("b")),
                DubboFrames.request(3, DubboFrames.sayHello("c"))));
        assertEquals(3, listener.requests.size());
        assertEquals(3, server.activeStreams());
    }

    @Test
    void argumentsOfAnyTypeAreSteppedOverWithoutTheirClasses() {
        Map<String, Object> pojoLike = Map.of("name", "x", "tags", List.of("a", "b"), "age", 7);
        byte[] body = DubboFrames.invocation("org.example.S", null, "save",
                "Lorg/example/Person;[IJLjava/util/Map;", new Object[] {new Person("ann", 30), new int[] {1, 2},
                        5L, pojoLike}, Map.of("group", "g"));
        feed(DubboFrames.request(9, body));
        assertEquals("g", listener.requests.get(0).headers.get("group"));
        assertEquals("save", listener.requests.get(0).headers.get("method"));
    }

    @Test
    void badMagicClosesTheConnection() {
        feed(new byte[] {(byte) 0xda, (byte) 0xbc, 0, 0});
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
        assertTrue(listener.requests.isEmpty());
    }

    @Test
    void aFrameOverTheLimitClosesTheConnectionBeforeItsBodyArrives() {
        server.onConnectionClosed();
        server = new DubboServerConnection(connection, listener, new DubboLimits(100, 10));
        byte[] frame = DubboFrames.request(1, new byte[101]);
        feed(Arrays.copyOf(frame, 16));
        assertTrue(connection.isClosed());
        feed(Arrays.copyOfRange(frame, 16, frame.length));
        assertTrue(listener.requests.isEmpty());
    }

    @Test
    void anUndecodableBodyGetsBadRequestAndTheConnectionGoesOn() {
        feed(DubboFrames.request(5, new byte[] {'S', 0, 3, 'x'}));
        List<Written> out = DubboFrames.Written.all(connection.takeOutput());
        assertEquals(1, out.size());
        assertEquals(5, out.get(0).id());
        assertEquals(DubboStatus.BAD_REQUEST, out.get(0).status());
        assertTrue(out.get(0).errorMessage().startsWith("mosn4j: bad request: cannot read the hessian2 request body"),
                out.get(0).errorMessage());
        assertFalse(connection.isClosed());

        feed(DubboFrames.request(6, DubboFrames.sayHello("next")));
        assertEquals(1, listener.requests.size());
    }

    @Test
    void anotherSerializationGetsBadRequest() {
        feed(DubboFrames.frame(0x80 | 0x40 | 23, 0, 8, new byte[] {1, 2, 3}));
        Written reply = DubboFrames.Written.all(connection.takeOutput()).get(0);
        assertEquals(DubboStatus.BAD_REQUEST, reply.status());
        assertEquals(8, reply.id());
        assertTrue(reply.errorMessage().contains("serialization id 23 is not supported"), reply.errorMessage());
        assertTrue(listener.requests.isEmpty());
    }

    @Test
    void heartbeatsAreAnsweredHereAndNeverBecomeStreams() {
        feed(DubboFrames.heartbeat(77));
        Written reply = DubboFrames.Written.all(connection.takeOutput()).get(0);
        assertEquals(77, reply.id());
        assertEquals(0x20 | 2, reply.flags());
        assertEquals(DubboStatus.OK, reply.status());
        assertArrayEquals(new byte[] {'N'}, reply.body());
        assertTrue(listener.requests.isEmpty());
    }

    @Test
    void anUpstreamResponseIsWrittenByteForByteWithTheConsumersId() {
        feed(DubboFrames.request(0x1122334455L, DubboFrames.sayHello("x")));
        byte[] result = DubboFrames.valueResult("hello x");
        respond(listener.encoders.get(0), new FrameHeader(0x02, 20, 1, result.length), result);

        Written reply = DubboFrames.Written.all(connection.takeOutput()).get(0);
        assertEquals(0x1122334455L, reply.id());
        assertEquals(2, reply.flags());
        assertEquals(20, reply.status());
        assertArrayEquals(result, reply.body());
        assertEquals(0, server.activeStreams());
    }

    @Test
    void responsesGoOutInTheOrderTheyComplete() {
        feed(DubboFrames.request(1, DubboFrames.sayHello("a")), DubboFrames.request(2, DubboFrames.sayHello("b")));
        respond(listener.encoders.get(1), new FrameHeader(2, 20, 99, 1), new byte[] {'B'});
        respond(listener.encoders.get(0), new FrameHeader(2, 20, 98, 1), new byte[] {'A'});
        List<Written> out = DubboFrames.Written.all(connection.takeOutput());
        assertEquals(2, out.get(0).id());
        assertEquals(1, out.get(1).id());
    }

    @Test
    void theProxysOwnRepliesBecomeDubboErrors() {
        feed(DubboFrames.request(1, DubboFrames.sayHello("a")), DubboFrames.request(2, DubboFrames.sayHello("b")),
                DubboFrames.request(3, DubboFrames.sayHello("c")), DubboFrames.request(4, DubboFrames.sayHello("d")));
        localReply(listener.encoders.get(0), 404, "NoRouteFound", "no route for this request\n");
        localReply(listener.encoders.get(1), 502, "UpstreamConnectionFailure", "upstream connect error\n");
        localReply(listener.encoders.get(2), 504, "UpstreamRequestTimeout", "upstream request timeout\n");
        localReply(listener.encoders.get(3), 403, null, "");
        List<Written> out = DubboFrames.Written.all(connection.takeOutput());
        assertEquals(DubboStatus.SERVICE_NOT_FOUND, out.get(0).status());
        assertEquals("mosn4j: no route for this request (NoRouteFound)", out.get(0).errorMessage());
        assertEquals(DubboStatus.SERVICE_ERROR, out.get(1).status());
        assertEquals("mosn4j: upstream connect error (UpstreamConnectionFailure)", out.get(1).errorMessage());
        assertEquals(DubboStatus.SERVER_TIMEOUT, out.get(2).status());
        assertEquals(DubboStatus.BAD_REQUEST, out.get(3).status());
        assertEquals("mosn4j: the proxy answered with status 403", out.get(3).errorMessage());
        assertEquals(List.of(1L, 2L, 3L, 4L), out.stream().map(Written::id).toList());
        assertEquals(FrameHeader.HESSIAN2, out.get(0).flags());
    }

    @Test
    void oneWayRequestsGetNoResponseWhateverTheProxySends() {
        feed(DubboFrames.frame(DubboFrames.ONE_WAY_REQUEST, 0, 3, DubboFrames.sayHello("x")),
                DubboFrames.frame(DubboFrames.ONE_WAY_REQUEST, 0, 4, DubboFrames.sayHello("y")));
        HeaderMap sent = DubboHeaders.oneWaySent();
        listener.encoders.get(0).encodeHeaders(sent, true);
        localReply(listener.encoders.get(1), 404, "NoRouteFound", "no route\n");
        assertTrue(DubboFrames.Written.all(connection.takeOutput()).isEmpty());
        assertEquals(0, server.activeStreams());
    }

    @Test
    void aResetBeforeTheResponseAnswersWithAnError() {
        feed(DubboFrames.request(12, DubboFrames.sayHello("x")));
        StreamEncoder encoder = listener.encoders.get(0);
        encoder.encodeHeaders(DubboHeaders.response(new FrameHeader(2, 20, 1, 3)), false);
        encoder.reset(StreamResetReason.REMOTE_RESET);
        Written reply = DubboFrames.Written.all(connection.takeOutput()).get(0);
        assertEquals(12, reply.id());
        assertEquals(DubboStatus.SERVICE_ERROR, reply.status());
        assertEquals(0, server.activeStreams());
    }

    @Test
    void readingPausesAtTheStreamLimitAndBufferedFramesFollowLater() {
        server.onConnectionClosed();
        server = new DubboServerConnection(connection, listener, new DubboLimits(1024 * 1024, 2));
        feed(DubboFrames.concat(DubboFrames.request(1, DubboFrames.sayHello("a")),
                DubboFrames.request(2, DubboFrames.sayHello("b")), DubboFrames.request(3, DubboFrames.sayHello("c"))));
        assertEquals(2, listener.requests.size());
        assertEquals(List.of(false), connection.readSwitches);

        respond(listener.encoders.get(0), new FrameHeader(2, 20, 1, 1), new byte[] {'A'});
        assertEquals(3, listener.requests.size());
        assertEquals(List.of(false), connection.readSwitches);
        respond(listener.encoders.get(1), new FrameHeader(2, 20, 2, 1), new byte[] {'B'});
        assertEquals(List.of(false, true), connection.readSwitches);
    }

    @Test
    void aStreamThatTurnsReadingOffPausesTheConnection() {
        feed(DubboFrames.request(1, DubboFrames.sayHello("a")));
        listener.encoders.get(0).setReadEnabled(false);
        assertEquals(List.of(false), connection.readSwitches);
        listener.encoders.get(0).setReadEnabled(true);
        assertEquals(List.of(false, true), connection.readSwitches);
    }

    @Test
    void theConnectionsEndResetsStreamsInFlight() {
        feed(DubboFrames.request(1, DubboFrames.sayHello("a")));
        server.onConnectionClosed();
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, listener.requests.get(0).reset);
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, listener.requests.get(0).callbackReset);
    }

    @Test
    void aGracefulStopSendsTheReadOnlyNoticeAndClosesOnceIdle() {
        feed(DubboFrames.request(1, DubboFrames.sayHello("a")));
        server.shutdownGracefully();
        Written notice = DubboFrames.Written.all(connection.takeOutput()).get(0);
        assertEquals(0x80 | 0x20 | 2, notice.flags());
        assertEquals("R", notice.errorMessage());
        assertFalse(connection.isClosed());
        respond(listener.encoders.get(0), new FrameHeader(2, 20, 1, 1), new byte[] {'A'});
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
    }

    private static void respond(StreamEncoder encoder, FrameHeader header, byte[] body) {
        encoder.encodeHeaders(DubboHeaders.response(header), false);
        ByteBuf data = ByteBufAllocator.DEFAULT.buffer().writeBytes(body);
        encoder.encodeData(data, true);
    }

    private static void localReply(StreamEncoder encoder, int status, String flag, String text) {
        HeaderMap headers = new DefaultHeaderMap();
        headers.set(":status", Integer.toString(status));
        if (flag != null) {
            headers.set("x-mosn4j-response-flag", flag);
        }
        encoder.encodeHeaders(headers, text.isEmpty());
        if (!text.isEmpty()) {
            encoder.encodeData(ByteBufAllocator.DEFAULT.buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8)), true);
        }
    }

    /** An argument type that the proxy never sees as a class. */
    record Person(String name, int age) implements java.io.Serializable {
    }
}
