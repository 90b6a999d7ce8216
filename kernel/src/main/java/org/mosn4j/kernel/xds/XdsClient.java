package org.mosn4j.kernel.xds;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mosn4j.kernel.dynamic.ConfigUpdater;
import org.mosn4j.spi.config.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the running config in step with an xDS control plane over one Aggregated Discovery Service stream (State of
 * the World). What each response means for the config, and the ACK or NACK it gets, is {@link ConfigSync}'s part;
 * this class owns the stream: it connects, reconnects after {@link XdsSettings#backoff()} when the stream fails or
 * the control plane goes away (the running config keeps serving meanwhile), and resubscribes with the versions
 * accepted last.
 *
 * <p>Threads: one thread ({@code mosn4j-xds-client-1}) runs everything, gRPC's callbacks included, and calls
 * {@link ConfigUpdater#apply} from there; gRPC's I/O runs on one more ({@code mosn4j-xds-grpc-1}) with gRPC's shaded
 * Netty. Neither is an event loop of the proxy. {@link #stop()} ends both before it returns. Thread-safe.
 */
public final class XdsClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XdsClient.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** xDS responses carry whole configs; gRPC's 4 MiB default is too small for large meshes. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final XdsSettings settings;
    private final ConfigSync sync;
    private final XdsThreads threads = new XdsThreads();
    private final ScheduledThreadPoolExecutor executor;
    private final EventLoopGroup eventLoop;
    private final ReconnectBackoff backoff;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    // The fields below are used on the executor's thread only.
    private final List<ManagedChannel> channels = new ArrayList<>();
    private ClientCallStreamObserver<DiscoveryRequest> requests;
    private int generation;
    private int attempts;
    private InetSocketAddress target;
    private boolean nodeSent;
    private boolean answered;
    private ScheduledFuture<?> reconnect;

    /**
     * @param settings where the control plane is and what to subscribe to
     * @param updater applies the changes
     */
    public XdsClient(XdsSettings settings, ConfigUpdater updater) {
        this.settings = settings;
        this.sync = new ConfigSync(settings, updater);
        this.backoff = new ReconnectBackoff(settings.backoff(), () -> ThreadLocalRandom.current().nextDouble());
        this.executor = new ScheduledThreadPoolExecutor(1, threads.factory("client"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.eventLoop = new NioEventLoopGroup(1, threads.factory("grpc"));
    }

    /** Connects and subscribes; returns at once. Call once. */
    public void start() {
        if (stopped.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("an xDS client starts once");
        }
        executor.execute(this::connect);
        if (!settings.initialFetchTimeout().isZero()) {
            executor.schedule(sync::initialFetchTimedOut, settings.initialFetchTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Closes the stream and ends the client's threads; the running config stays as it is. Idempotent; blocks until
     * the threads have ended (or a few seconds have passed).
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.submit(() -> {
                if (reconnect != null) {
                    reconnect.cancel(false);
                }
                closeStream("the xDS client stops");
            }).get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (ManagedChannel channel : List.copyOf(channels)) {
                channel.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("xDS: closing the stream failed", e);
        }
        executor.shutdownNow();
        eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        try {
            executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            eventLoop.terminationFuture().await(STOP_TIMEOUT.toMillis());
            if (!threads.joinAll(STOP_TIMEOUT)) {
                LOG.warn("xDS: some client threads have not ended after {}", GoDuration.format(STOP_TIMEOUT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("xDS: client stopped");
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void connect() {
        if (stopped.get()) {
            return;
        }
        reconnect = null;
        InetSocketAddress configured = settings.controlPlane().get(attempts++ % settings.controlPlane().size());
        target = configured.isUnresolved() ? new InetSocketAddress(configured.getHostString(), configured.getPort())
                : configured;
        if (target.isUnresolved()) {
            LOG.warn("xDS: cannot resolve the control plane's address {}", configured.getHostString());
            scheduleReconnect();
            return;
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(target)
                .usePlaintext()
                .channelType(NioSocketChannel.class)
                .eventLoopGroup(eventLoop)
                .executor(executor)
                .offloadExecutor(executor)
                .proxyDetector(address -> null)
                .maxInboundMessageSize(MAX_RESPONSE_BYTES)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis()))
                .withOption(ChannelOption.SO_KEEPALIVE, true)
                .build();
        channels.add(channel);
        int stream = ++generation;
        nodeSent = false;
        answered = false;
        LOG.info("xDS: connecting to the control plane at {}", describe(target));
        AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new Responses(stream));
        sync.streamStarted().forEach(outgoing -> send(outgoing, stream));
    }

    private void send(ConfigSync.Outgoing outgoing, int stream) {
        if (outgoing.delay().isZero()) {
            write(outgoing.request(), stream);
            return;
        }
        executor.schedule(() -> {
            if (sync.isCurrent(outgoing.request())) {
                write(outgoing.request(), stream);
            }
        }, outgoing.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void write(DiscoveryRequest request, int stream) {
        if (stream != generation || requests == null) {
            return;
        }
        DiscoveryRequest sent = request;
        if (!nodeSent || !settings.nodeOnFirstMessageOnly()) {
            sent = request.toBuilder().setNode(settings.node()).build();
            nodeSent = true;
        }
        try {
            requests.onNext(sent);
        } catch (RuntimeException e) {
            // The call ended meanwhile; its onError starts the reconnect.
            LOG.debug("xDS: request not sent, the stream is closed", e);
        }
    }

    private void closeStream(String reason) {
        if (requests != null) {
            requests.cancel(reason, null);
            requests = null;
        }
        generation++;
        channels.forEach(ManagedChannel::shutdownNow);
        channels.removeIf(ManagedChannel::isTerminated);
    }

    private void streamEnded(int stream, Status status) {
        if (stream != generation || stopped.get()) {
            return;
        }
        closeStream("the stream ended");
        Duration wait = backoff.next();
        LOG.warn("xDS: the stream to the control plane at {} ended ({}{}); the running config stays, reconnecting "
                + "in {}", describe(target), status.getCode(),
                status.getDescription() == null ? "" : ": " + status.getDescription(), GoDuration.format(wait));
        scheduleReconnect(wait);
    }

    private void scheduleReconnect() {
        scheduleReconnect(backoff.next());
    }

    private void scheduleReconnect(Duration wait) {
        if (!stopped.get()) {
            reconnect = executor.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** The responses of one stream; gRPC calls it on the client's thread. */
    private final class Responses implements ClientResponseObserver<DiscoveryRequest, DiscoveryResponse> {

        private final int stream;

        Responses(int stream) {
            this.stream = stream;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<DiscoveryRequest> requestStream) {
            requests = requestStream;
        }

        @Override
        public void onNext(DiscoveryResponse response) {
            if (stream != generation || stopped.get()) {
                return;
            }
            if (!answered) {
                answered = true;
                backoff.reset();
                LOG.info("xDS: connected to the control plane at {}", describe(target));
            }
            sync.onResponse(response).forEach(outgoing -> send(outgoing, stream));
        }

        @Override
        public void onError(Throwable error) {
            streamEnded(stream, Status.fromThrowable(error));
        }

        @Override
        public void onCompleted() {
            streamEnded(stream, Status.UNAVAILABLE.withDescription("closed by the control plane"));
        }
    }
}
