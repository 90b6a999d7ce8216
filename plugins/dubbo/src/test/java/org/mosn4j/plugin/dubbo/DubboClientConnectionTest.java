package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mosn4j.plugin.dubbo.DubboFrames.Written;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.mosn4j.testkit.RecordingDecoder;
import org.mosn4j.testkit.RecordingConnection;

class DubboClientConnectionTest {

    private final RecordingConnection connection = new RecordingConnection(new InetSocketAddress("127.0.0.1", 51000), new InetSocketAddress("127.0.0.1", 20880));
    private final List<Boolean> completions = new ArrayList<>();
    private DubboClientConnection client = new DubboClientConnection(connection, completions::add, DubboLimits.DEFAULT);

    @AfterEach
    void dispose() {
        client.onConnectionClosed();
        connection.runPendingTasks();
        connection.dispose();
    }

    private void feed(byte[]... reads) {
        for (byte[] read : reads) {
            client.onData(ByteBufAllocator.DEFAULT.buffer(read.length).writeBytes(read), false);
        }
    }

    /** Sends a request as a downstream dubbo connection would hand it over: headers, then the body. */
    private RecordingDecoder send(int flags, long consumerId, byte[] body) {
        RecordingDecoder response = new RecordingDecoder();
        StreamEncoder encoder = client.newStream(response);
        encoder.setCallbacks(response.callbacks);
        Invocation invocation = new Invocation("2.0.2", "org.example.GreetingService", null, "sayHello", "",
                java.util.Map.of());
        encoder.encodeHeaders(DubboHeaders.request(new FrameHeader(flags, 0, consumerId, body.length), invocation),
                false);
        encoder.encodeData(ByteBufAllocator.DEFAULT.buffer().writeBytes(body), true);
        return response;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void requestsGetIdsOfThisConnectionAndKeepTheirBytes() {
        byte[] body = DubboFrames.sayHello("a");
        send(DubboFrames.TWO_WAY_REQUEST, 1000, body);
        send(DubboFrames.TWO_WAY_REQUEST, 1000, body);
        List<Written> out = DubboFrames.Written.all(connection.takeOutput());
        assertEquals(2, out.size());
        assertNotEquals(out.get(0).id(), out.get(1).id());
        assertEquals(DubboFrames.TWO_WAY_REQUEST, out.get(0).flags());
        assertArrayEquals(body, out.get(0).body());
        assertEquals(2, client.activeStreams());
    }

    @Test
    void responsesFindTheirRequestsInAnyOrderAndCarryTheStatus() {
        RecordingDecoder first = send(DubboFrames.TWO_WAY_REQUEST, 5, DubboFrames.sayHello("a"));
        RecordingDecoder second = send(DubboFrames.TWO_WAY_REQUEST, 5, DubboFrames.sayHello("b"));
        List<Written> sent = DubboFrames.Written.all(connection.takeOutput());
        byte[] a = DubboFrames.valueResult("hello a");
        byte[] error = "\u0005boom!".getBytes(StandardCharsets.ISO_8859_1);
        feed(DubboFrames.concat(DubboFrames.response(sent.get(1).id(), DubboStatus.SERVICE_ERROR, error),
                DubboFrames.response(sent.get(0).id(), DubboStatus.OK, a)));

        assertEquals("200", first.headers.get(":status"));
        assertEquals("20", first.headers.get("dubbo-status"));
        assertEquals(latin1(a), first.body.toString());
        assertTrue(first.complete);
        assertEquals("500", second.headers.get(":status"));
        assertEquals("70", second.headers.get("dubbo-status"));
        assertEquals(latin1(error), second.body.toString());
        assertEquals(List.of(true, true), completions);
        assertEquals(0, client.activeStreams());
    }

    @Test
    void aResponseSplitAcrossReadsIsDeliveredWhole() {
        RecordingDecoder response = send(DubboFrames.TWO_WAY_REQUEST, 5, DubboFrames.sayHello("a"));
        long id = DubboFrames.Written.all(connection.takeOutput()).get(0).id();
        byte[] frame = DubboFrames.response(id, DubboStatus.OK, DubboFrames.valueResult("x".repeat(500)));
        feed(Arrays.copyOfRange(frame, 0, 3), Arrays.copyOfRange(frame, 3, 200), Arrays.copyOfRange(frame, 200, frame.length));
        assertTrue(response.complete);
        assertEquals(1, response.chunks.size());
        assertEquals(frame.length - 16, response.body.length());
    }

    @Test
    void aOneWayRequestCompletesOnceSentWithoutAResponse() {
        RecordingDecoder response = send(DubboFrames.ONE_WAY_REQUEST, 5, DubboFrames.sayHello("a"));
        assertEquals(DubboFrames.ONE_WAY_REQUEST, DubboFrames.Written.all(connection.takeOutput()).get(0).flags());
        assertNull(response.headers);
        connection.runPendingTasks();
        assertEquals("200", response.headers.get(":status"));
        assertTrue(response.headersEndStream);
        assertEquals(List.of(true), completions);
        assertEquals(0, client.activeStreams());
    }

    @Test
    void aProvidersHeartbeatIsAnsweredHere() {
        RecordingDecoder response = send(DubboFrames.TWO_WAY_REQUEST, 5, DubboFrames.sayHello("a"));
        DubboFrames.Written.all(connection.takeOutput());
        feed(DubboFrames.heartbeat(900));
        Written reply = DubboFrames.Written.all(connection.takeOutput()).get(0);
        assertEquals(900, reply.id());
        assertEquals(0x20 | 2, reply.flags());
        assertEquals(DubboStatus.OK, reply.status());
        assertNull(response.headers);
        assertEquals(1, client.activeStreams());
    }

    @Test
    void aLateResponseToAResetRequestIsDropped() {
        RecordingDecoder response = new RecordingDecoder();
        StreamEncoder encoder = client.newStream(response);
        Invocation invocation = new Invocation("2.0.2", "s", null, "m", "", java.util.Map.of());
        encoder.encodeHeaders(DubboHeaders.request(new FrameHeader(DubboFrames.TWO_WAY_REQUEST, 0, 1, 1), invocation), false);
        encoder.encodeData(ByteBufAllocator.DEFAULT.buffer().writeByte('N'), true);
        long id = DubboFrames.Written.all(connection.takeOutput()).get(0).id();
        encoder.reset(StreamResetReason.LOCAL_RESET);
        assertEquals(List.of(true), completions);
        feed(DubboFrames.response(id, DubboStatus.OK, DubboFrames.valueResult("late")));
        assertNull(response.headers);
        assertEquals(List.of(true), completions);
    }

    @Test
    void badBytesFromTheProviderResetEveryRequestAndClose() {
        RecordingDecoder a = send(DubboFrames.TWO_WAY_REQUEST, 1, DubboFrames.sayHello("a"));
        RecordingDecoder b = send(DubboFrames.TWO_WAY_REQUEST, 2, DubboFrames.sayHello("b"));
        feed(new byte[] {'H', 'T', 'T', 'P'});
        assertEquals(StreamResetReason.PROTOCOL_ERROR, a.reset);
        assertEquals(StreamResetReason.PROTOCOL_ERROR, b.reset);
        assertEquals(List.of(CloseType.FLUSH_WRITE), connection.closes);
        assertEquals(List.of(false, false), completions);
        assertFalse(client.canStartStream());
    }

    @Test
    void theProvidersReadOnlyNoticeStopsNewRequests() {
        RecordingDecoder response = send(DubboFrames.TWO_WAY_REQUEST, 1, DubboFrames.sayHello("a"));
        long id = DubboFrames.Written.all(connection.takeOutput()).get(0).id();
        feed(DubboFrames.frame(0x80 | 0x20 | 2, 0, 50, new byte[] {1, 'R'}));
        assertFalse(client.canStartStream());
        feed(DubboFrames.response(id, DubboStatus.OK, DubboFrames.valueResult("a")));
        assertTrue(response.complete);
        assertEquals(List.of(false), completions);
        assertTrue(connection.isClosed());
    }

    @Test
    void aRequestNotReadAsDubboIsResetAsAProtocolError() {
        RecordingDecoder response = new RecordingDecoder();
        StreamEncoder encoder = client.newStream(response);
        DefaultHeaderMap http = new DefaultHeaderMap();
        http.set(":method", "GET");
        encoder.encodeHeaders(http, false);
        encoder.encodeData(ByteBufAllocator.DEFAULT.buffer().writeByte('x'), true);
        connection.runPendingTasks();
        assertEquals(StreamResetReason.PROTOCOL_ERROR, response.reset);
        assertTrue(DubboFrames.Written.all(connection.takeOutput()).isEmpty());
        assertEquals(List.of(true), completions);
    }

    @Test
    void aResponseWaitsWhileReadingIsOff() {
        RecordingDecoder response = new RecordingDecoder();
        StreamEncoder encoder = client.newStream(response);
        Invocation invocation = new Invocation("2.0.2", "s", null, "m", "", java.util.Map.of());
        encoder.encodeHeaders(DubboHeaders.request(new FrameHeader(DubboFrames.TWO_WAY_REQUEST, 0, 1, 1), invocation), false);
        encoder.encodeData(ByteBufAllocator.DEFAULT.buffer().writeByte('N'), true);
        long id = DubboFrames.Written.all(connection.takeOutput()).get(0).id();
        encoder.setReadEnabled(false);
        feed(DubboFrames.response(id, DubboStatus.OK, DubboFrames.valueResult("a")));
        assertNull(response.headers);
        encoder.setReadEnabled(true);
        assertTrue(response.complete);
    }

    @Test
    void theLimitOfConcurrentRequestsHolds() {
        client.onConnectionClosed();
        client = new DubboClientConnection(connection, completions::add, new DubboLimits(1024, 2));
        send(DubboFrames.TWO_WAY_REQUEST, 1, DubboFrames.sayHello("a"));
        assertTrue(client.canStartStream());
        send(DubboFrames.TWO_WAY_REQUEST, 2, DubboFrames.sayHello("b"));
        assertFalse(client.canStartStream());
    }

    @Test
    void theConnectionsEndResetsRequestsInFlight() {
        RecordingDecoder response = send(DubboFrames.TWO_WAY_REQUEST, 1, DubboFrames.sayHello("a"));
        client.onConnectionClosed();
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, response.reset);
        assertEquals(StreamResetReason.CONNECTION_TERMINATED, response.callbackReset);
        assertEquals(List.of(false), completions);
    }
}
