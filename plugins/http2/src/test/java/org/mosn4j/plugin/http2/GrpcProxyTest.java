package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * gRPC end to end through the proxy, Http2 on both sides: a grpc-java client, the in-process proxy, and a
 * grpc-java server behind it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcProxyTest {

    private static final int MESSAGES = 10_000;
    private static final long CALL_SECONDS = 60;

    private static GrpcTestService backend;

    private RunningMosn mosn;
    private ManagedChannel channel;

    @BeforeAll
    static void startBackend() throws IOException {
        backend = GrpcTestService.start();
    }

    @AfterAll
    static void stopBackend() throws InterruptedException {
        backend.close();
    }

    @AfterEach
    void stopProxy() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
            channel.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (mosn != null) {
            mosn.close();
        }
    }

    /**
     * @param routeOptions more keys of the route, each with a leading comma, or ""
     * @param hosts        the addresses of the cluster "backend"
     */
    private static String config(String routeOptions, String... hosts) {
        String hostList = Stream.of(hosts).map(h -> "{\"address\": \"" + h + "\"}").collect(Collectors.joining(", "));
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backend"%s}}]}]}],
                    "listeners": [{
                      "name": "grpc", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http2",
                         "upstream_protocol": "Http2", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "backend", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
                     "hosts": [%s]}]}
                }
                """.formatted(routeOptions, hostList);
    }

    /** Starts the proxy with {@code json} and a client channel to its listener. */
    private Channel proxy(String json) throws Exception {
        mosn = RunningMosn.start(json);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", mosn.listener("grpc").getPort())
                .usePlaintext()
                .maxInboundMessageSize(GrpcTestService.MAX_MESSAGE)
                .build();
        return channel;
    }

    /** @return a loopback port that nothing listens on */
    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static CallOptions deadline(long seconds) {
        return CallOptions.DEFAULT.withDeadlineAfter(seconds, TimeUnit.SECONDS);
    }

    @Test
    void unaryEcho() throws Exception {
        Channel channel = proxy(config("", backend.address()));
        byte[] request = "hello, gRPC".getBytes(StandardCharsets.UTF_8);

        byte[] response = ClientCalls.blockingUnaryCall(channel, GrpcTestService.UNARY, deadline(CALL_SECONDS), request);

        assertArrayEquals(request, response);
    }

    @Test
    void serverStreamingTenThousandMessages() throws Exception {
        Channel channel = proxy(config("", backend.address()));

        Iterator<byte[]> responses = ClientCalls.blockingServerStreamingCall(channel, GrpcTestService.SERVER_STREAM,
                deadline(CALL_SECONDS), GrpcTestService.ints(MESSAGES));

        int count = 0;
        while (responses.hasNext()) {
            assertEquals(count, GrpcTestService.intAt(responses.next(), 0), "message " + count);
            count++;
        }
        assertEquals(MESSAGES, count);
    }

    @Test
    void clientStreamingTenThousandMessages() throws Exception {
        Channel channel = proxy(config("", backend.address()));
        ResponseCollector collector = new ResponseCollector();

        StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(
                channel.newCall(GrpcTestService.CLIENT_STREAM, deadline(CALL_SECONDS)), collector);
        for (int i = 0; i < MESSAGES; i++) {
            requests.onNext(GrpcTestService.ints(i));
        }
        requests.onCompleted();

        List<byte[]> responses = collector.done.get(CALL_SECONDS + 5, TimeUnit.SECONDS);
        assertEquals(1, responses.size());
        assertEquals(MESSAGES, GrpcTestService.intAt(responses.get(0), 0), "messages the server received");
        assertEquals(MESSAGES, GrpcTestService.intAt(responses.get(0), 1), "messages the server received in order");
    }

    @Test
    void bidirectionalStreamingTenThousandMessagesEachWay() throws Exception {
        Channel channel = proxy(config("", backend.address()));
        ResponseCollector collector = new ResponseCollector();

        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(
                channel.newCall(GrpcTestService.BIDI, deadline(CALL_SECONDS)), collector);
        for (int i = 0; i < MESSAGES; i++) {
            requests.onNext(GrpcTestService.ints(i));
        }
        requests.onCompleted();

        List<byte[]> responses = collector.done.get(CALL_SECONDS + 5, TimeUnit.SECONDS);
        assertEquals(MESSAGES, responses.size());
        for (int i = 0; i < MESSAGES; i++) {
            assertEquals(i, GrpcTestService.intAt(responses.get(i), 0), "message " + i);
        }
    }

    @Test
    void deadlineShorterThanTheServerGivesDeadlineExceeded() throws Exception {
        Channel channel = proxy(config("", backend.address()));
        // A first call opens the connections, so the slow call reaches the server well before its deadline.
        ClientCalls.blockingUnaryCall(channel, GrpcTestService.UNARY, deadline(CALL_SECONDS), new byte[] {1});
        long start = System.nanoTime();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, GrpcTestService.SLOW, CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS),
                new byte[] {1}));

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(millis < 5_000, "the call ended after " + millis + " ms");
        assertEquals(0, backend.slowStarted.getCount(), "the call reached the server");
        assertTrue(backend.slowCancelled.await(5, TimeUnit.SECONDS), "the server saw the call cancelled");
    }

    @Test
    void hostDownGivesUnavailable() throws Exception {
        Channel channel = proxy(config("", closedPort()));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, GrpcTestService.UNARY, deadline(CALL_SECONDS), new byte[] {1}));

        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
    }

    @Test
    void fourMebibyteMessagePasses() throws Exception {
        Channel channel = proxy(config("", backend.address()));
        byte[] request = new byte[4 * 1024 * 1024];
        new Random(42).nextBytes(request);

        byte[] response = ClientCalls.blockingUnaryCall(channel, GrpcTestService.UNARY, deadline(CALL_SECONDS), request);

        assertArrayEquals(request, response);
    }

    @Test
    void routeTimeoutEndsACallTheServerNeverAnswers() throws Exception {
        Channel channel = proxy(config(", \"timeout\": \"500ms\"", backend.address()));
        long start = System.nanoTime();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, GrpcTestService.HANG, deadline(10), new byte[] {1}));

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertNotEquals(Status.Code.OK, e.getStatus().getCode());
        assertTrue(millis < 5_000, "the call ended after " + millis + " ms with " + e.getStatus());
    }

    @Test
    void unaryRetriedOnAnotherHostWhenTheFirstRefuses() throws Exception {
        Channel channel = proxy(config(", \"retry_policy\": {\"retry_on\": true, \"num_retries\": 1}",
                closedPort(), backend.address()));

        // Round robin over two hosts: several calls make sure some first went to the closed port.
        for (int i = 0; i < 6; i++) {
            byte[] request = ("call " + i).getBytes(StandardCharsets.UTF_8);
            byte[] response = ClientCalls.blockingUnaryCall(channel, GrpcTestService.UNARY, deadline(CALL_SECONDS),
                    request);
            assertArrayEquals(request, response, "call " + i);
        }
    }

    @Test
    void trailersAndErrorStatusReachTheClient() throws Exception {
        Channel proxied = proxy(config("", backend.address()));
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Channel channel = ClientInterceptors.intercept(proxied,
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));

        byte[] response = ClientCalls.blockingUnaryCall(channel, GrpcTestService.UNARY, deadline(CALL_SECONDS),
                new byte[] {7});
        assertArrayEquals(new byte[] {7}, response);
        assertNotNull(trailers.get(), "trailers");
        assertEquals(GrpcTestService.TRAILER_VALUE, trailers.get().get(GrpcTestService.TRAILER));
        assertArrayEquals(GrpcTestService.BINARY_TRAILER_VALUE, trailers.get().get(GrpcTestService.BINARY_TRAILER));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                proxied, GrpcTestService.NOT_FOUND, deadline(CALL_SECONDS), new byte[] {1}));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals(GrpcTestService.NOT_FOUND_DESCRIPTION, e.getStatus().getDescription());
        assertNotNull(e.getTrailers(), "trailers of the error");
        assertEquals(GrpcTestService.TRAILER_VALUE, e.getTrailers().get(GrpcTestService.TRAILER));
        assertArrayEquals(GrpcTestService.BINARY_TRAILER_VALUE, e.getTrailers().get(GrpcTestService.BINARY_TRAILER));
    }

    /** Keeps the responses of a call; completes with them, or exceptionally with the call's error. */
    private static final class ResponseCollector implements StreamObserver<byte[]> {
        final CompletableFuture<List<byte[]>> done = new CompletableFuture<>();
        private final List<byte[]> responses = new ArrayList<>();

        @Override
        public void onNext(byte[] value) {
            responses.add(value);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            done.complete(responses);
        }
    }
}
