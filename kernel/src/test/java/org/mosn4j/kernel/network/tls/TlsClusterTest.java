package org.mosn4j.kernel.network.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.network.tls.TlsTesting.chain;
import static org.mosn4j.kernel.network.tls.TlsTesting.listener;
import static org.mosn4j.kernel.network.tls.TlsTesting.quote;
import static org.mosn4j.kernel.network.tls.TlsTesting.serverTls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.config.ClusterManagerConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.network.NegotiatedProtocol;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.network.UpstreamConnection;
import org.mosn4j.kernel.stats.TlsCounters;
import org.mosn4j.kernel.upstream.ClusterManagerBuilder;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.kernel.upstream.StaticCluster;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.network.ClientConnection;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.ConnectionEvent;
import org.mosn4j.spi.network.FilterStatus;
import org.mosn4j.spi.network.ReadFilter;
import org.mosn4j.spi.network.ReadFilterCallbacks;
import org.mosn4j.spi.upstream.LoadBalancerContext;

/**
 * A cluster's TLS: upstream connections made by the cluster to echo listeners of an in-process mosn4j with
 * various certificates. A refused certificate, a name that does not match and a handshake that never ends are
 * failed connection attempts, counted in the cluster's stats; insecure_skip, mutual TLS, tls_disable hosts and
 * ALPN for the protocol spoken work.
 */
@Timeout(60)
class TlsClusterTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static TestCertificates.Pair client;
    private static Mosn4jServer servers;
    private static EventLoopGroup loops;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir);
        TestCertificates.Pair good = certs.issue("good", "localhost", "upstream.example.test");
        client = certs.issue("client", "a client");
        String mtls = ", \"ca_cert\": " + quote(certs.ca().cert().toString())
                + ", \"verify_client\": true, \"require_client_cert\": true";
        servers = EchoPlugin.start(dir, TlsTesting.config(String.join(", ",
                listener("good", "", chain("greeting-good", serverTls(good, ", \"alpn\": \"h2,http/1.1\""))),
                listener("expired", "", chain("greeting-expired", serverTls(certs.issueExpired("expired", "localhost"), ""))),
                listener("untrusted", "", chain("greeting-untrusted", serverTls(certs.issueUntrusted("untrusted", "localhost"), ""))),
                listener("mtls", "", chain("greeting-mtls", serverTls(good, mtls))),
                listener("plain", "", chain("greeting-plain", null))), ""));
        loops = Transport.detect().newEventLoopGroup(1, "tls-cluster-test");
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.stopNow();
        }
        if (loops != null) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static StaticCluster cluster(String listener, String tlsContext, String hostExtra) throws Exception {
        return cluster(servers.listenerAddress(listener).getPort(), tlsContext, hostExtra);
    }

    private static StaticCluster cluster(int port, String tlsContext, String hostExtra) throws Exception {
        String json = """
                {"clusters": [{"name": "c", "tls_context": %s, "hosts": [{"address": "127.0.0.1:%d" %s}]}]}
                """.formatted(tlsContext, port, hostExtra);
        ConfigProblems problems = new ConfigProblems();
        DefaultClusterManager clusters = ClusterManagerBuilder.build(ConfigBinder.INSTANCE.bind(
                ConfigBinder.INSTANCE.mapper().readTree(json), ClusterManagerConfig.class, "cluster_manager"),
                Transport.detect(), problems);
        assertTrue(problems.isEmpty(), problems.all().toString());
        return clusters.staticCluster("c");
    }

    private static String trusting(String extra) {
        return "{\"status\": true, \"ca_cert\": " + quote(certs.ca().cert().toString()) + extra + "}";
    }

    /** What became of one connection attempt. */
    private record Outcome(ConnectionEvent event, String greeting, String alpn) {
    }

    private static Outcome probe(StaticCluster cluster, String protocol) throws Exception {
        CompletableFuture<ConnectionEvent> event = new CompletableFuture<>();
        CompletableFuture<String> greeting = new CompletableFuture<>();
        List<ClientConnection> made = new ArrayList<>();
        loops.next().submit(() -> {
            ClientConnection connection = cluster.newConnection(cluster.chooseHost(LoadBalancerContext.NONE), loops.next());
            made.add(connection);
            if (protocol != null) {
                ((UpstreamConnection) connection).speaks(protocol);
            }
            connection.addReadFilter(new LineReader(greeting));
            connection.addCallbacks(e -> {
                event.complete(e);
                if (e.isClose()) {
                    greeting.complete(null);
                }
            });
            connection.connect();
        }).sync();
        ConnectionEvent first = event.get(10, TimeUnit.SECONDS);
        String line = first == ConnectionEvent.CONNECTED ? greeting.get(10, TimeUnit.SECONDS) : null;
        String alpn = first == ConnectionEvent.CONNECTED ? loops.next().submit(() ->
                NegotiatedProtocol.protocolType(made.get(0))).get() : null;
        loops.next().submit(() -> made.get(0).close(CloseType.NO_FLUSH)).sync();
        return new Outcome(first, line, alpn);
    }

    /** Completes with the first line read. */
    private static final class LineReader implements ReadFilter {
        private final CompletableFuture<String> line;
        private final StringBuilder text = new StringBuilder();

        LineReader(CompletableFuture<String> line) {
            this.line = line;
        }

        @Override
        public void initReadFilterCallbacks(ReadFilterCallbacks callbacks) {
        }

        @Override
        public FilterStatus onData(ByteBuf data, boolean endOfStream) {
            text.append(data.toString(StandardCharsets.UTF_8));
            data.release();
            int newline = text.indexOf("\n");
            if (newline >= 0) {
                line.complete(text.substring(0, newline));
            }
            return FilterStatus.STOP;
        }
    }

    private static Map<String, Long> clusterStats(StaticCluster cluster) {
        Map<String, Long> view = cluster.stats().view();
        assertTrue(view.containsKey("tls_handshake"), view.toString());
        return view;
    }

    @Test
    void aTrustedServerIsReachedOverTls() throws Exception {
        StaticCluster cluster = cluster("good", trusting(""), "");

        Outcome outcome = probe(cluster, null);

        assertEquals(ConnectionEvent.CONNECTED, outcome.event());
        assertEquals("greeting-good", outcome.greeting());
        assertEquals(1, clusterStats(cluster).get("tls_handshake"));
    }

    @Test
    void aConnectionOffersTheAlpnIdOfItsProtocol() throws Exception {
        StaticCluster cluster = cluster("good", trusting(""), "");

        assertEquals("Http2", probe(cluster, "Http2").alpn());
        assertEquals("Http1", probe(cluster, "Http1").alpn());
        assertNull(probe(cluster, null).alpn());
    }

    @Test
    void serverNameIsSentAndVerified() throws Exception {
        assertEquals("greeting-good", probe(cluster("good",
                trusting(", \"server_name\": \"upstream.example.test\""), ""), null).greeting());

        StaticCluster wrongName = cluster("good", trusting(", \"server_name\": \"other.example.test\""), "");
        assertEquals(ConnectionEvent.CONNECT_FAILED, probe(wrongName, null).event());
        assertEquals(1, clusterStats(wrongName).get("tls_fail_verify_error"));
    }

    @Test
    void expiredAndUntrustedCertificatesFailTheConnectionAttempt() throws Exception {
        StaticCluster expired = cluster("expired", trusting(""), "");
        StaticCluster untrusted = cluster("untrusted", trusting(""), "");

        assertEquals(ConnectionEvent.CONNECT_FAILED, probe(expired, null).event());
        assertEquals(ConnectionEvent.CONNECT_FAILED, probe(untrusted, null).event());

        for (StaticCluster cluster : List.of(expired, untrusted)) {
            Map<String, Long> stats = clusterStats(cluster);
            assertEquals(1, stats.get("tls_fail_verify_error"), stats.toString());
            assertEquals(1, stats.get("connection_con_fail"), stats.toString());
            assertEquals(0, stats.get("connection_total"), stats.toString());
        }
    }

    @Test
    void insecureSkipTakesAnyCertificate() throws Exception {
        StaticCluster cluster = cluster("untrusted", "{\"status\": true, \"insecure_skip\": true}", "");

        assertEquals("greeting-untrusted", probe(cluster, null).greeting());
    }

    @Test
    void mutualTlsPresentsTheClientCertificate() throws Exception {
        String withCertificate = trusting(", \"cert_chain\": " + quote(client.cert().toString())
                + ", \"private_key\": " + quote(client.key().toString()));

        assertEquals("greeting-mtls", probe(cluster("mtls", withCertificate, ""), null).greeting());
        assertNull(probe(cluster("mtls", trusting(""), ""), null).greeting(), "refused without a certificate");
    }

    @Test
    void aTlsDisableHostIsPlaintext() throws Exception {
        StaticCluster cluster = cluster("plain", trusting(""), ", \"tls_disable\": true");

        assertEquals("greeting-plain", probe(cluster, null).greeting());
    }

    @Test
    void aHandshakeThatNeverEndsIsAConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            StaticCluster cluster = cluster(silent.getLocalPort(), trusting(", \"handshake_timeout\": \"300ms\""), "");
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            assertEquals(ConnectionEvent.CONNECT_TIMEOUT, probe(cluster, null).event());

            accepted.get(5, TimeUnit.SECONDS).close();
            assertEquals(1, clusterStats(cluster).get("tls_handshake_timeout"));
        }
    }

    @Test
    void countersStayOffForPlaintextClusters() throws Exception {
        String json = """
                {"clusters": [{"name": "c", "hosts": [{"address": "127.0.0.1:1"}]}]}
                """;
        DefaultClusterManager clusters = ClusterManagerBuilder.build(ConfigBinder.INSTANCE.bind(
                ConfigBinder.INSTANCE.mapper().readTree(json), ClusterManagerConfig.class, "cluster_manager"),
                Transport.detect(), new ConfigProblems());
        TlsCounters counters = clusters.staticCluster("c").stats().connections().tls();

        assertNull(counters);
        assertTrue(!clusters.staticCluster("c").stats().view().containsKey("tls_handshake"));
    }
}
