package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC through the unpacked distribution: a grpc-java client, mosn4j started with bin/start.sh proxying Http2
 * to Http2, and a grpc-java server behind it. After the calls mosn4j is stopped with SIGTERM and its output
 * must hold no leak report.
 */
@Timeout(120)
class GrpcDistributionIT {

    private static final int MESSAGES = 1000;
    private static final long CALL_SECONDS = 60;

    @TempDir
    static Path dir;

    private static GrpcEchoService backend;
    private static Mosn4jProcess mosn;
    private static ManagedChannel channel;

    private static String config(int backendPort) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "10s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                       "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backend"}}]}]}],
                    "listeners": [{
                      "name": "grpc", "address": "127.0.0.1:0", "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Http2",
                         "upstream_protocol": "Http2", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "backend", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(backendPort);
    }

    @BeforeAll
    @Timeout(120)
    static void start() throws Exception {
        backend = GrpcEchoService.start();
        Distribution dist = Distribution.unpack(dir);
        mosn = dist.start("-c", dist.writeConfig("grpc.json", config(backend.port())).toString());
        int port = mosn.listenerPort("grpc");
        mosn.awaitStarted();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterAll
    @Timeout(120)
    static void stop() throws Exception {
        try {
            if (channel != null) {
                channel.shutdownNow();
                channel.awaitTermination(10, TimeUnit.SECONDS);
            }
            if (mosn != null) {
                mosn.terminate();
                assertEquals(0, mosn.awaitExit(Duration.ofSeconds(40)));
                assertFalse(mosn.output().contains("LEAK:"), mosn.output());
            }
        } finally {
            if (mosn != null) {
                mosn.close();
            }
            if (backend != null) {
                backend.close();
            }
        }
    }

    private static CallOptions deadline(long seconds) {
        return CallOptions.DEFAULT.withDeadlineAfter(seconds, TimeUnit.SECONDS);
    }

    @Test
    void unaryEcho() {
        byte[] request = "hello, gRPC through bin/start.sh".getBytes(StandardCharsets.UTF_8);

        byte[] response = ClientCalls.blockingUnaryCall(channel, GrpcEchoService.UNARY, deadline(CALL_SECONDS), request);

        assertArrayEquals(request, response);
    }

    @Test
    void serverStreamingAThousandMessages() {
        Iterator<byte[]> responses = ClientCalls.blockingServerStreamingCall(channel, GrpcEchoService.SERVER_STREAM,
                deadline(CALL_SECONDS), GrpcEchoService.ints(MESSAGES));

        int count = 0;
        while (responses.hasNext()) {
            assertEquals(count, GrpcEchoService.intAt(responses.next(), 0), "message " + count);
            count++;
        }
        assertEquals(MESSAGES, count);
    }

    @Test
    void bidirectionalStreamingAThousandMessagesEachWay() throws Exception {
        ResponseCollector collector = new ResponseCollector();

        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(
                channel.newCall(GrpcEchoService.BIDI, deadline(CALL_SECONDS)), collector);
        for (int i = 0; i < MESSAGES; i++) {
            requests.onNext(GrpcEchoService.ints(i));
        }
        requests.onCompleted();

        List<byte[]> responses = collector.done.get(CALL_SECONDS + 5, TimeUnit.SECONDS);
        assertEquals(MESSAGES, responses.size());
        for (int i = 0; i < MESSAGES; i++) {
            assertEquals(i, GrpcEchoService.intAt(responses.get(i), 0), "message " + i);
        }
    }

    @Test
    void deadlineShorterThanTheServerGivesDeadlineExceeded() throws Exception {
        // A first call opens the connections, so the slow call reaches the server well before its deadline.
        ClientCalls.blockingUnaryCall(channel, GrpcEchoService.UNARY, deadline(CALL_SECONDS), new byte[] {1});
        long start = System.nanoTime();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, GrpcEchoService.SLOW, CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS),
                new byte[] {1}));

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(millis < 5_000, "the call ended after " + millis + " ms");
        assertEquals(0, backend.slowStarted.getCount(), "the call reached the server");
        assertTrue(backend.slowCancelled.await(5, TimeUnit.SECONDS), "the server saw the call cancelled");
    }

    /** Collects a call's responses; {@link #done} completes with them or with the call's error. */
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
