package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.network.tls.TestCertificates;

/**
 * gRPC over TLS through the unpacked distribution: a grpc-java client trusting the test CA talks HTTP/2 over
 * TLS (ALPN h2) to mosn4j, which forwards to a plaintext grpc-java server on one listener and over TLS to a
 * grpc-java TLS server (which insists on ALPN h2, so mosn4j's upstream connection must offer it) on another.
 */
@Timeout(120)
class TlsGrpcIT {

    private static final long CALL_SECONDS = 60;

    @TempDir
    static Path dir;

    private static GrpcEchoService plainBackend;
    private static Server tlsBackend;
    private static Mosn4jProcess mosn;
    private static ManagedChannel toPlain;
    private static ManagedChannel toTls;

    private static String config(int plainPort, int tlsPort, TestCertificates certs, TestCertificates.Pair server) {
        String tls = """
                {"status": true, "cert_chain": "%s", "private_key": "%s", "alpn": "h2"}
                """.formatted(server.cert(), server.key());
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "10s",
                    "routers": [
                      {"router_config_name": "plain", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                        "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "plain"}}]}]},
                      {"router_config_name": "secure", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                        "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "secure"}}]}]}],
                    "listeners": [
                      {"name": "to-plain", "address": "127.0.0.1:0", "filter_chains": [{"tls_context": %s,
                        "filters": [{"type": "proxy", "config": {"downstream_protocol": "Http2",
                          "upstream_protocol": "Http2", "router_config_name": "plain"}}]}]},
                      {"name": "to-tls", "address": "127.0.0.1:0", "filter_chains": [{"tls_context": %s,
                        "filters": [{"type": "proxy", "config": {"downstream_protocol": "Auto",
                          "upstream_protocol": "Http2", "router_config_name": "secure"}}]}]}
                    ]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "plain", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]},
                    {"name": "secure", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}],
                     "tls_context": {"status": true, "ca_cert": "%s"}}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(tls, tls, plainPort, tlsPort, certs.ca().cert());
    }

    @BeforeAll
    @Timeout(120)
    static void start() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        TestCertificates.Pair server = certs.issue("server", "localhost");
        plainBackend = GrpcEchoService.start();
        ServerServiceDefinition echo = ServerServiceDefinition.builder(GrpcEchoService.SERVICE)
                .addMethod(GrpcEchoService.UNARY, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .build();
        tlsBackend = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(GrpcSslContexts.forServer(server.cert().toFile(), server.key().toFile()).build())
                .addService(echo)
                .build()
                .start();
        Distribution dist = Distribution.unpack(dir);
        mosn = dist.start("-c", dist.writeConfig("grpc-tls.json",
                config(plainBackend.port(), tlsBackend.getPort(), certs, server)).toString());
        int plainPort = mosn.listenerPort("to-plain");
        int tlsPort = mosn.listenerPort("to-tls");
        mosn.awaitStarted();
        toPlain = channel(plainPort, certs);
        toTls = channel(tlsPort, certs);
    }

    private static ManagedChannel channel(int port, TestCertificates certs) throws Exception {
        return NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(GrpcSslContexts.forClient().trustManager(certs.ca().cert().toFile()).build())
                .build();
    }

    @AfterAll
    @Timeout(120)
    static void stop() throws Exception {
        try {
            for (ManagedChannel channel : new ManagedChannel[] {toPlain, toTls}) {
                if (channel != null) {
                    channel.shutdownNow();
                    channel.awaitTermination(10, TimeUnit.SECONDS);
                }
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
            if (plainBackend != null) {
                plainBackend.close();
            }
            if (tlsBackend != null) {
                tlsBackend.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static CallOptions deadline() {
        return CallOptions.DEFAULT.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void unaryOverTlsToAPlaintextServer() {
        byte[] request = "over TLS, then plaintext".getBytes(StandardCharsets.UTF_8);

        assertArrayEquals(request, ClientCalls.blockingUnaryCall(toPlain, GrpcEchoService.UNARY, deadline(), request));
    }

    @Test
    void serverStreamingOverTls() {
        Iterator<byte[]> responses = ClientCalls.blockingServerStreamingCall(toPlain, GrpcEchoService.SERVER_STREAM,
                deadline(), GrpcEchoService.ints(1000));

        int count = 0;
        while (responses.hasNext()) {
            assertEquals(count, GrpcEchoService.intAt(responses.next(), 0), "message " + count);
            count++;
        }
        assertEquals(1000, count);
    }

    @Test
    void unaryOverTlsBothWays() {
        byte[] request = "TLS on both sides of mosn4j".getBytes(StandardCharsets.UTF_8);

        assertArrayEquals(request, ClientCalls.blockingUnaryCall(toTls, GrpcEchoService.UNARY, deadline(), request));
    }
}
