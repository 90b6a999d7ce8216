package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.fail;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real xDS control plane in the test JVM: java-control-plane's {@link V3DiscoveryServer} over a {@link SimpleCache}
 * of snapshots, served by grpc-java on 127.0.0.1, recording every request it gets. Its threads are named
 * {@code test-cp-*}.
 */
public final class ControlPlane implements AutoCloseable {

    /** The one node group: every node gets the same snapshot. */
    static final String GROUP = "mosn4j-test";
    private static final long WAIT_SECONDS = 20;

    private final SimpleCache<String> cache = new SimpleCache<>(node -> GROUP);
    private final BlockingQueue<DiscoveryRequest> requests = new LinkedBlockingQueue<>();
    private final List<DiscoveryRequest> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final NioEventLoopGroup boss;
    private final NioEventLoopGroup workers;
    private final ExecutorService executor;
    private final Server server;
    private final int port;

    private ControlPlane(int port) throws IOException {
        DiscoveryServerCallbacks callbacks = new DiscoveryServerCallbacks() {
            @Override
            public void onStreamOpen(long streamId, String typeUrl) {
                streams.incrementAndGet();
            }

            @Override
            public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
                seen.add(request);
                requests.add(request);
            }

            @Override
            public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
            }
        };
        V3DiscoveryServer discovery = new V3DiscoveryServer(callbacks, cache);
        boss = new NioEventLoopGroup(1, threads("boss"));
        workers = new NioEventLoopGroup(1, threads("worker"));
        executor = Executors.newCachedThreadPool(threads("exec"));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .channelType(NioServerSocketChannel.class)
                .withOption(ChannelOption.SO_REUSEADDR, true)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .executor(executor)
                .addService(discovery.getAggregatedDiscoveryServiceImpl())
                .build()
                .start();
        this.port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** @return a control plane on an ephemeral port */
    public static ControlPlane start() throws IOException {
        return new ControlPlane(0);
    }

    /** @return a new control plane, with an empty cache, on the port this one had */
    public ControlPlane restartOnSamePort() throws IOException {
        return new ControlPlane(port());
    }

    public int port() {
        return port;
    }

    /** @return how many ADS streams were opened */
    public int streamsOpened() {
        return streams.get();
    }

    public void setSnapshot(Snapshot snapshot) {
        cache.setSnapshot(GROUP, snapshot);
    }

    /** @return every request received so far */
    public List<DiscoveryRequest> seen() {
        return List.copyOf(seen);
    }

    /** @return a mark for {@link #await(String, int, Predicate)}: requests from now on */
    public int mark() {
        return seen.size();
    }

    /** Waits for a request that matches, received at any time. */
    public DiscoveryRequest await(String what, Predicate<DiscoveryRequest> matching) throws InterruptedException {
        return await(what, 0, matching);
    }

    /** Waits for a request that matches, received since {@code mark}. */
    public DiscoveryRequest await(String what, int mark, Predicate<DiscoveryRequest> matching) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            List<DiscoveryRequest> received = seen();
            for (int i = mark; i < received.size(); i++) {
                if (matching.test(received.get(i))) {
                    return received.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("the control plane got no " + what + " in " + WAIT_SECONDS + "s; it got: " + received);
            }
            // Any new request wakes the wait up to look again.
            requests.poll(left, TimeUnit.NANOSECONDS);
        }
    }

    /** Waits for the ACK of a version of a type. */
    public DiscoveryRequest awaitAck(String typeUrl, String version) throws InterruptedException {
        return await("ACK of " + typeUrl + " version " + version, r -> r.getTypeUrl().equals(typeUrl)
                && r.getVersionInfo().equals(version) && !r.getResponseNonce().isEmpty() && !r.hasErrorDetail());
    }

    /** Waits for a NACK of a type received since {@code mark}. */
    public DiscoveryRequest awaitNack(String typeUrl, int mark) throws InterruptedException {
        return await("NACK of " + typeUrl, mark, r -> r.getTypeUrl().equals(typeUrl) && r.hasErrorDetail());
    }

    /** Stops serving at once, dropping every stream. */
    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
        executor.shutdownNow();
        boss.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(WAIT_SECONDS, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(WAIT_SECONDS, TimeUnit.SECONDS);
        executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static ThreadFactory threads(String role) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "test-cp-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
