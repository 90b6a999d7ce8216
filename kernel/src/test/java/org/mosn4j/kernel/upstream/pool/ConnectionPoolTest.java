package org.mosn4j.kernel.upstream.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.ClusterManagerConfig;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.upstream.ClusterManagerBuilder;
import org.mosn4j.kernel.upstream.StaticCluster;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.ClientStreamConnectionCallbacks;
import org.mosn4j.spi.protocol.MatchResult;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;

/** A pool's answers when it cannot give a connection: refused connects fail, a full queue overflows. */
class ConnectionPoolTest {

    private EventLoopGroup group;
    private EventLoop loop;

    @BeforeEach
    void start() {
        group = Transport.detect().newEventLoopGroup(1, "pool-test");
        loop = group.next();
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static StaticCluster cluster(String address) throws Exception {
        ClusterManagerConfig config = ConfigBinder.INSTANCE.bind(ConfigBinder.INSTANCE.mapper().readTree(
                "{\"clusters\": [{\"name\": \"c\", \"connect_timeout\": \"5s\", \"hosts\": [{\"address\": \"" + address + "\"}]}]}"),
                ClusterManagerConfig.class, "cluster_manager");
        ConfigProblems problems = new ConfigProblems();
        StaticCluster cluster = ClusterManagerBuilder.build(config, Transport.detect(), problems).staticCluster("c");
        assertEquals(List.of(), problems.all());
        return cluster;
    }

    /** Asks the pool for a stream on its event loop and reports the failure it got. */
    private CompletableFuture<PoolFailure> ask(ConnectionPool pool) {
        CompletableFuture<PoolFailure> result = new CompletableFuture<>();
        loop.execute(() -> pool.newStream(new PoolCallbacks() {
            @Override
            public void onReady(ClientStreamConnection connection) {
                result.completeExceptionally(new AssertionError("unexpectedly got a connection"));
            }

            @Override
            public void onFailure(PoolFailure failure) {
                result.complete(failure);
            }
        }));
        return result;
    }

    private ConnectionPool pool(StaticCluster cluster, int maxPending) throws Exception {
        return loop.submit(() -> new UpstreamPools().pool(loop, cluster, cluster.chooseHost(null), new NoStreams(),
                new PoolSettings(0, Duration.ZERO, maxPending))).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedConnectFailsTheWaitingStream() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ConnectionPool pool = pool(cluster("127.0.0.1:" + closedPort), 8);
        assertEquals(PoolFailure.CONNECT_FAILED, ask(pool).get(10, TimeUnit.SECONDS));
    }

    @Test
    void streamsBeyondTheWaitingLimitOverflowAtOnce() throws Exception {
        // A listener whose accept queue is full drops new SYNs, so the first stream keeps waiting.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket filler = new Socket();
                    fillers.add(filler);
                    try {
                        filler.connect(full.getLocalSocketAddress(), 300);
                    } catch (java.net.SocketTimeoutException queueFull) {
                        break;
                    }
                }
                ConnectionPool pool = pool(cluster("127.0.0.1:" + full.getLocalPort()), 1);
                CompletableFuture<PoolFailure> first = ask(pool);
                assertEquals(PoolFailure.OVERFLOW, ask(pool).get(5, TimeUnit.SECONDS));
                assertEquals(false, first.isDone());
                loop.submit(pool::closeAll).get(5, TimeUnit.SECONDS);
                assertEquals(PoolFailure.CONNECT_FAILED, first.get(5, TimeUnit.SECONDS));
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    /** A protocol whose connections never get far enough to carry a stream in these tests. */
    private static final class NoStreams implements Protocol {
        @Override
        public String type() {
            return "none";
        }

        @Override
        public MatchResult match(ByteBuf prefix) {
            return MatchResult.NO_MATCH;
        }

        @Override
        public ServerStreamConnection newServerConnection(Connection connection, ServerStreamListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ClientStreamConnection newClientConnection(Connection connection, ClientStreamConnectionCallbacks callbacks) {
            return new ClientStreamConnection() {
                @Override
                public StreamEncoder newStream(StreamDecoder responseDecoder) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public boolean canStartStream() {
                    return false;
                }

                @Override
                public void onData(ByteBuf data, boolean endOfStream) {
                    data.release();
                }

                @Override
                public void onConnectionClosed() {
                }

                @Override
                public int activeStreams() {
                    return 0;
                }
            };
        }
    }
}
