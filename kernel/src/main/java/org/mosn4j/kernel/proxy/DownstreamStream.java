package org.mosn4j.kernel.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mosn4j.kernel.accesslog.AccessLog;
import org.mosn4j.kernel.accesslog.RequestInfo;
import org.mosn4j.kernel.router.RetryPolicy;
import org.mosn4j.kernel.router.RouterTable;
import org.mosn4j.kernel.router.RouteEntry;
import org.mosn4j.kernel.upstream.DefaultHost;
import org.mosn4j.kernel.upstream.StaticCluster;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
import org.mosn4j.spi.stream.RouteInfo;
import org.mosn4j.spi.stream.StreamCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamFilterChain;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;
import org.mosn4j.spi.stream.StreamResetReason;
import org.mosn4j.spi.stream.StreamSenderFilter;
import org.mosn4j.spi.stream.StreamSenderFilterHandler;
import org.mosn4j.spi.upstream.LoadBalancerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request through the proxy, from the downstream protocol's decoder to an upstream request and back:
 * receiver filters by phase, routing, host choice, the upstream attempt (and retries), sender filters, the
 * response, timeouts, error replies with MOSN's status codes, stats and the access log.
 *
 * <p>A stream filter that throws fails only its own stream: the filter runs behind a guard
 * ({@link GuardedFilter}) that reports to {@link #onFilterFailure}, which
 * answers 500 (or resets the stream when the response has started) and logs through {@link FilterFailureLog}.
 *
 * <p>Confined to the downstream connection's event loop, which also owns the upstream connection pools.
 */
final class DownstreamStream implements StreamDecoder, StreamCallbacks, StreamReceiverFilterHandler,
        StreamSenderFilterHandler, StreamFilterChain, RequestInfo, LoadBalancerContext {

    private static final Logger LOG = LoggerFactory.getLogger(DownstreamStream.class);
    private static final FilterPhase[] PHASES = FilterPhase.values();

    private final ProxySettings settings;
    private final ProxyReadFilter session;
    private final Connection connection;
    private final Protocol protocol;
    private final StreamEncoder encoder;
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();

    /** Receiver filters by phase; a stream without filters allocates no list. */
    private final EnumMap<FilterPhase, List<StreamReceiverFilter>> receivers = new EnumMap<>(FilterPhase.class);
    private final List<StreamSenderFilter> senders = new ArrayList<>(2);
    private FilterPhase pausedPhase;
    private int pausedIndex;
    private int pausedSenderIndex = -1;
    /** The type of the filters being installed, for their guards. */
    private String installingType;
    /** The index of the sender filter whose onData or onTrailers runs, for {@link #injectData}; -1 for none. */
    private int runningSender = -1;
    /** A filter failed while the stream was being set up, before the request headers. */
    private boolean failedBeforeRequest;

    private HeaderMap requestHeaders;
    private boolean headersOnlyRequest;
    private boolean requestEnded;
    private HeaderMap requestTrailers;
    private final ArrayDeque<ByteBuf> pendingBody = new ArrayDeque<>(0);
    private long pendingBytes;
    private boolean requestReadPaused;
    private List<ByteBuf> retryBuffer = new ArrayList<>(0);
    private long retryBufferBytes;
    private boolean retryable = true;
    private int retriesUsed;
    /** Attempts sent again because the upstream refused them unprocessed; not counted as retries. */
    private int refusedReplays;
    /**
     * Whether the request body is kept while a new attempt may need it: for the route's retries, and on
     * multiplexed upstreams, which can refuse a stream (GOAWAY, REFUSED_STREAM) after it was sent.
     */
    private boolean keepBody;
    private boolean requestMutated;

    private RouteEntry route;
    private StaticCluster cluster;
    private DefaultHost host;
    private Protocol upstreamProtocol;
    private UpstreamRequest upstream;
    private boolean upstreamReady;
    private ScheduledFuture<?> timeout;
    private ScheduledFuture<?> perTryTimeout;

    private HeaderMap responseHeaders;
    private final ArrayDeque<ByteBuf> pausedResponse = new ArrayDeque<>(0);
    private boolean pausedResponseEnd;
    private HeaderMap pausedResponseTrailers;
    private boolean responseStarted;
    private boolean finished;
    private int responseCode;
    private ResponseFlag responseFlag = ResponseFlag.NONE;
    /** The request's trace id once sent upstream with tracing on, else empty. */
    private String traceId = "";
    private long requestReceivedNanos = -1;
    private long responseReceivedNanos = -1;
    private long endNanos = -1;
    private long bytesReceived;
    private long bytesSent;

    DownstreamStream(ProxySettings settings, ProxyReadFilter session, Connection connection, Protocol protocol,
            StreamEncoder encoder) {
        this.settings = settings;
        this.session = session;
        this.connection = connection;
        this.protocol = protocol;
        this.encoder = encoder;
        encoder.setCallbacks(this);
        settings.stats().requests().started();
        for (StreamFilterInstaller installer : settings.streamFilters()) {
            installingType = TypedStreamFilterInstaller.typeOf(installer);
            try {
                installer.install(this);
            } catch (Throwable t) {
                onFilterFailure(installingType, "install", FilterFailures.rethrowFatal(t));
            }
        }
        installingType = null;
    }

    // ---------------------------------------------------------------- filter chain building

    private List<StreamReceiverFilter> receivers(FilterPhase phase) {
        List<StreamReceiverFilter> filters = receivers.get(phase);
        return filters == null ? List.of() : filters;
    }

    @Override
    public void addReceiverFilter(StreamReceiverFilter filter, FilterPhase phase) {
        StreamReceiverFilter guarded = GuardedFilter.request(filter, installingType(), this);
        receivers.computeIfAbsent(phase, p -> new ArrayList<>(2)).add(guarded);
        guarded.init(this);
    }

    @Override
    public void addSenderFilter(StreamSenderFilter filter) {
        StreamSenderFilter guarded = GuardedFilter.response(filter, installingType(), this);
        senders.add(guarded);
        guarded.init(this);
    }

    private String installingType() {
        return installingType != null ? installingType : "(added outside an installer)";
    }

    // ---------------------------------------------------------------- request from downstream

    @Override
    public void onHeaders(HeaderMap headers, boolean endOfStream) {
        requestHeaders = headers;
        headersOnlyRequest = endOfStream;
        if (endOfStream) {
            requestEnded = true;
            requestReceivedNanos = System.nanoTime() - startNanos;
        }
        if (failedBeforeRequest) {
            replyFilterFailure();
            return;
        }
        runRequestHeaders(FilterPhase.BEFORE_ROUTE, 0);
    }

    private void runRequestHeaders(FilterPhase phase, int from) {
        List<StreamReceiverFilter> filters = receivers(phase);
        for (int i = from; i < filters.size(); i++) {
            StreamFilterStatus status = filters.get(i).onHeaders(requestHeaders, headersOnlyRequest);
            if (finished) {
                return;
            }
            if (status == StreamFilterStatus.STOP) {
                pausedPhase = phase;
                pausedIndex = i + 1;
                return;
            }
        }
        switch (phase) {
            case BEFORE_ROUTE -> matchRoute();
            case AFTER_ROUTE -> chooseHost();
            case AFTER_CHOOSE_HOST -> sendUpstream();
            default -> throw new IllegalStateException(phase.name());
        }
    }

    @Override
    public void resume() {
        if (finished) {
            return;
        }
        if (pausedPhase != null) {
            FilterPhase phase = pausedPhase;
            pausedPhase = null;
            runRequestHeaders(phase, pausedIndex);
        } else if (pausedSenderIndex >= 0) {
            int from = pausedSenderIndex;
            pausedSenderIndex = -1;
            runResponseHeaders(from);
        }
    }

    private void matchRoute() {
        RouterTable table = settings.router();
        route = table == null ? null : table.match(requestHeaders, requestHeaders::get);
        if (route == null) {
            localReply(ResponseFlag.NO_ROUTE);
            return;
        }
        if (route.directResponse() != null) {
            responseFlag = ResponseFlag.DIRECT_RESPONSE;
            String body = route.directResponse().body();
            sendDirectResponse(route.directResponse().status(), null,
                    body == null || body.isEmpty() ? null : ByteBufUtil.writeUtf8(connection.alloc(), body));
            return;
        }
        if (route.redirect() != null) {
            responseFlag = ResponseFlag.DIRECT_RESPONSE;
            HeaderMap headers = new DefaultHeaderMap(4);
            headers.set("location", route.redirect().location(requestHeaders));
            sendDirectResponse(route.redirect().responseCode(), headers, null);
            return;
        }
        runRequestHeaders(FilterPhase.AFTER_ROUTE, 0);
    }

    private void chooseHost() {
        String clusterName = route.chooseCluster(requestHeaders);
        cluster = clusterName == null ? null : settings.clusters().staticCluster(clusterName);
        if (cluster == null) {
            LOG.debug("[conn {}] route to cluster {} that does not exist", connection.id(), clusterName);
            localReply(ResponseFlag.NO_HEALTHY_UPSTREAM);
            return;
        }
        host = (DefaultHost) cluster.chooseHost(this);
        if (host == null) {
            localReply(ResponseFlag.NO_HEALTHY_UPSTREAM);
            return;
        }
        runRequestHeaders(FilterPhase.AFTER_CHOOSE_HOST, 0);
    }

    private void sendUpstream() {
        if (!requestMutated) {
            requestMutated = true;
            route.applyRequestMutations(requestHeaders);
            traceId = settings.tracer().propagate(requestHeaders);
            if (requestHeaders.get(HeaderNames.AUTHORITY) == null) {
                // An HTTP/1.0 request may come without Host; HTTP/1.1 upstreams need one.
                requestHeaders.set(HeaderNames.AUTHORITY, host.address());
            }
        }
        upstreamProtocol = chooseUpstreamProtocol();
        keepBody = route.retryPolicy().retryOn() || upstreamProtocol.maxConcurrentStreams() > 1;
        long timeoutNanos = route.timeout().toNanos();
        if (timeoutNanos > 0 && timeout == null) {
            timeout = connection.eventLoop().schedule(this::onTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        attempt();
    }

    /** @return the route's {@code upstream_protocol} when installed, else the proxy's, else the downstream one */
    private Protocol chooseUpstreamProtocol() {
        String routeProtocol = route == null ? null : route.upstreamProtocol();
        if (routeProtocol != null && settings.protocolsByName().containsKey(routeProtocol)) {
            return settings.protocolsByName().get(routeProtocol);
        }
        return settings.upstreamProtocol() != null ? settings.upstreamProtocol() : protocol;
    }

    private void attempt() {
        attempt(false);
    }

    /** @param asRetry whether this attempt holds a slot of the cluster's {@code max_retries} */
    private void attempt(boolean asRetry) {
        upstreamReady = false;
        if (!cluster.circuitBreakers().tryStartRequest()) {
            if (asRetry) {
                cluster.circuitBreakers().retryEnded();
            }
            LOG.debug("[conn {}] cluster {} is at its max_requests", connection.id(), cluster.name());
            localReply(ResponseFlag.UPSTREAM_OVERFLOW);
            return;
        }
        UpstreamRequest request = new UpstreamRequest(this, cluster, host, asRetry);
        upstream = request;
        cancelPerTryTimeout();
        RetryPolicy policy = route.retryPolicy();
        long perTryNanos = policy.retryTimeout() == null ? 0 : policy.retryTimeout().toNanos();
        if (policy.retryOn() && perTryNanos > 0) {
            perTryTimeout = connection.eventLoop().schedule(() -> onPerTryTimeout(request), perTryNanos,
                    TimeUnit.NANOSECONDS);
        }
        request.waitFor(session.pool(cluster, host, upstreamProtocol).newStream(request));
    }

    @Override
    public void onData(ByteBuf data, boolean endOfStream) {
        if (finished) {
            data.release();
            return;
        }
        bytesReceived += data.readableBytes();
        if (endOfStream) {
            requestEnded = true;
            requestReceivedNanos = System.nanoTime() - startNanos;
        }
        if (upstreamReady) {
            forwardRequestData(data, endOfStream);
            return;
        }
        pendingBody.add(data);
        pendingBytes += data.readableBytes();
        if (pendingBytes > ProxySettings.PENDING_BODY_LIMIT && !requestReadPaused) {
            requestReadPaused = true;
            encoder.setReadEnabled(false);
        }
    }

    @Override
    public void onTrailers(HeaderMap trailers) {
        if (finished) {
            return;
        }
        requestEnded = true;
        requestReceivedNanos = System.nanoTime() - startNanos;
        for (FilterPhase phase : PHASES) {
            for (StreamReceiverFilter filter : receivers(phase)) {
                if (filter.onTrailers(trailers) == StreamFilterStatus.STOP || finished) {
                    return;
                }
            }
        }
        // Kept for a retry, which replays the whole request.
        requestTrailers = trailers;
        if (upstreamReady) {
            upstream.encodeTrailers(trailers);
        }
    }

    /** Runs the receiver filters on a body chunk and sends it upstream, keeping a copy while a retry may need it. */
    private void forwardRequestData(ByteBuf data, boolean endOfStream) {
        for (FilterPhase phase : PHASES) {
            for (StreamReceiverFilter filter : receivers(phase)) {
                if (filter.onData(data, endOfStream) == StreamFilterStatus.STOP || finished) {
                    return;
                }
            }
        }
        keepForRetry(data);
        upstream.encodeData(data, endOfStream);
    }

    private void keepForRetry(ByteBuf data) {
        if (!retryable || !keepBody) {
            return;
        }
        retryBufferBytes += data.readableBytes();
        if (retryBufferBytes > ProxySettings.RETRY_BUFFER_LIMIT) {
            retryable = false;
            releaseRetryBuffer();
            return;
        }
        retryBuffer.add(data.retainedDuplicate());
    }

    // ---------------------------------------------------------------- upstream events

    void onUpstreamReady(UpstreamRequest request) {
        if (request != upstream || finished) {
            return;
        }
        upstreamReady = true;
        boolean replay = retriesUsed + refusedReplays > 0;
        boolean noBody = headersOnlyRequest || requestEnded && pendingBody.isEmpty() && requestTrailers == null
                && (!replay || retryBuffer.isEmpty()) && bytesReceived == 0;
        request.encodeHeaders(keepBody && retryable ? requestHeaders.copy() : requestHeaders, noBody);
        if (replay) {
            for (int i = 0; i < retryBuffer.size(); i++) {
                boolean last = requestEnded && pendingBody.isEmpty() && requestTrailers == null
                        && i == retryBuffer.size() - 1;
                request.encodeData(retryBuffer.get(i).retainedDuplicate(), last);
            }
        }
        ByteBuf chunk;
        while (!finished && (chunk = pendingBody.poll()) != null) {
            pendingBytes -= chunk.readableBytes();
            forwardRequestData(chunk, requestEnded && pendingBody.isEmpty() && requestTrailers == null);
        }
        if (requestTrailers != null && !finished) {
            upstream.encodeTrailers(requestTrailers);
        }
        if (requestReadPaused && !finished) {
            requestReadPaused = false;
            encoder.setReadEnabled(true);
        }
    }

    void onUpstreamFailure(UpstreamRequest request, ResponseFlag flag) {
        if (request != upstream || finished) {
            return;
        }
        if (flag == ResponseFlag.UPSTREAM_CONNECTION_FAILURE && retry()) {
            return;
        }
        localReply(flag);
    }

    void onUpstreamReset(UpstreamRequest request, StreamResetReason reason) {
        if (request != upstream || finished) {
            return;
        }
        if (!responseStarted) {
            if (reason == StreamResetReason.REFUSED_STREAM && replayRefused() || retry()) {
                return;
            }
            localReply(reason == StreamResetReason.CONNECTION_FAILED
                    ? ResponseFlag.UPSTREAM_CONNECTION_FAILURE : ResponseFlag.UPSTREAM_REMOTE_RESET);
            return;
        }
        responseFlag = ResponseFlag.UPSTREAM_REMOTE_RESET;
        encoder.reset(StreamResetReason.REMOTE_RESET);
        finish(false);
    }

    void onUpstreamHeaders(UpstreamRequest request, HeaderMap headers, boolean endOfStream) {
        if (request != upstream || finished) {
            return;
        }
        int status = parseStatus(headers);
        RetryPolicy policy = route.retryPolicy();
        if (policy.statusCodes().contains(status) && canRetry()) {
            request.cancel(false);
            retry();
            return;
        }
        cancelPerTryTimeout();
        // No attempt follows a response: what was kept for one can go.
        retryable = false;
        releaseRetryBuffer();
        responseCode = status;
        responseReceivedNanos = System.nanoTime() - startNanos;
        if (endOfStream) {
            cancelTimeout();
        }
        route.applyResponseMutations(headers);
        responseHeaders = headers;
        pausedResponseEnd = endOfStream;
        runResponseHeaders(0);
    }

    private void runResponseHeaders(int from) {
        for (int i = from; i < senders.size(); i++) {
            StreamFilterStatus status = senders.get(i).onHeaders(responseHeaders, pausedResponseEnd && pausedResponse.isEmpty());
            if (finished) {
                return;
            }
            if (status == StreamFilterStatus.STOP) {
                pausedSenderIndex = i + 1;
                return;
            }
        }
        boolean headersOnly = pausedResponseEnd && pausedResponse.isEmpty() && pausedResponseTrailers == null;
        responseStarted = true;
        encoder.encodeHeaders(responseHeaders, headersOnly);
        if (headersOnly) {
            finish(true);
            return;
        }
        ByteBuf chunk;
        while (!finished && (chunk = pausedResponse.poll()) != null) {
            sendResponseData(chunk, pausedResponseEnd && pausedResponse.isEmpty() && pausedResponseTrailers == null);
        }
        if (pausedResponseTrailers != null && !finished) {
            HeaderMap trailers = pausedResponseTrailers;
            pausedResponseTrailers = null;
            sendResponseTrailers(trailers);
        }
    }

    void onUpstreamData(ByteBuf data, boolean endOfStream) {
        if (finished) {
            data.release();
            return;
        }
        if (endOfStream) {
            cancelTimeout();
        }
        if (!responseStarted) {
            pausedResponse.add(data);
            pausedResponseEnd = endOfStream;
            return;
        }
        sendResponseData(data, endOfStream);
    }

    private void sendResponseData(ByteBuf data, boolean endOfStream) {
        sendResponseData(0, data, endOfStream);
    }

    /** Runs the sender filters from {@code from} on a body chunk, then sends it downstream. */
    private void sendResponseData(int from, ByteBuf data, boolean endOfStream) {
        int outer = runningSender;
        try {
            for (int i = from; i < senders.size(); i++) {
                runningSender = i;
                if (senders.get(i).onData(data, endOfStream) == StreamFilterStatus.STOP || finished) {
                    return;
                }
            }
        } finally {
            runningSender = outer;
        }
        bytesSent += data.readableBytes();
        encoder.encodeData(data, endOfStream);
        if (endOfStream) {
            finish(true);
        }
    }

    void onUpstreamTrailers(HeaderMap trailers) {
        if (finished) {
            return;
        }
        cancelTimeout();
        if (!responseStarted) {
            pausedResponseTrailers = trailers;
            return;
        }
        sendResponseTrailers(trailers);
    }

    private void sendResponseTrailers(HeaderMap trailers) {
        int outer = runningSender;
        try {
            for (int i = 0; i < senders.size(); i++) {
                runningSender = i;
                if (senders.get(i).onTrailers(trailers) == StreamFilterStatus.STOP || finished) {
                    return;
                }
            }
        } finally {
            runningSender = outer;
        }
        encoder.encodeTrailers(trailers);
        finish(true);
    }

    void onUpstreamWritabilityChanged(boolean writable) {
        if (!finished && !requestReadPaused) {
            encoder.setReadEnabled(writable);
        }
    }

    /** The downstream side can take more (or no more) response bytes. */
    @Override
    public void onWritabilityChanged(boolean writable) {
        if (upstream != null && !finished) {
            upstream.setReadEnabled(writable);
        }
    }

    private boolean canRetry() {
        return retryable && !responseStarted && route.retryPolicy().retryOn()
                && retriesUsed < route.retryPolicy().numRetries();
    }

    /**
     * Sends a request the upstream refused unprocessed again, to the same host on another stream, when all of
     * it is still at hand. @return false when it cannot be replayed
     */
    private boolean replayRefused() {
        if (responseStarted || !retryable || !keepBody || refusedReplays >= ProxySettings.MAX_REFUSED_REPLAYS) {
            return false;
        }
        refusedReplays++;
        LOG.debug("[conn {}] upstream {} refused the stream; sending it again", connection.id(), host.address());
        attempt();
        return true;
    }

    /** Starts another attempt, on another host when the cluster has one. @return false when no retry is allowed */
    private boolean retry() {
        if (!canRetry()) {
            return false;
        }
        if (!cluster.circuitBreakers().tryStartRetry()) {
            LOG.debug("[conn {}] cluster {} is at its max_retries; not retrying", connection.id(), cluster.name());
            return false;
        }
        retriesUsed++;
        cluster.stats().requests().retried();
        DefaultHost previous = host;
        for (int i = 0; i < 3 && host == previous; i++) {
            DefaultHost next = (DefaultHost) cluster.chooseHost(this);
            if (next != null) {
                host = next;
            }
        }
        LOG.debug("[conn {}] retry {} of {} to {}", connection.id(), retriesUsed, route.retryPolicy().numRetries(),
                host.address());
        attempt(true);
        return true;
    }

    /** An attempt took longer than {@code retry_timeout} without response headers: try again or give up. */
    private void onPerTryTimeout(UpstreamRequest request) {
        perTryTimeout = null;
        if (request != upstream || finished || responseStarted) {
            return;
        }
        request.cancel(true);
        if (!retry()) {
            localReply(ResponseFlag.UPSTREAM_REQUEST_TIMEOUT);
        }
    }

    private void cancelPerTryTimeout() {
        if (perTryTimeout != null) {
            perTryTimeout.cancel(false);
            perTryTimeout = null;
        }
    }

    private void onTimeout() {
        timeout = null;
        if (finished) {
            return;
        }
        if (upstream != null) {
            upstream.cancel(true);
        }
        if (!responseStarted) {
            localReply(ResponseFlag.UPSTREAM_REQUEST_TIMEOUT);
        } else {
            responseFlag = ResponseFlag.UPSTREAM_REQUEST_TIMEOUT;
            encoder.reset(StreamResetReason.LOCAL_RESET);
            finish(false);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    // ---------------------------------------------------------------- replies made here

    private void localReply(ResponseFlag flag) {
        responseFlag = flag;
        String body = switch (flag) {
            case NO_ROUTE -> "no route for this request\n";
            case NO_HEALTHY_UPSTREAM -> "no healthy upstream\n";
            case UPSTREAM_CONNECTION_FAILURE -> "upstream connect error\n";
            case UPSTREAM_REMOTE_RESET -> "upstream reset before response\n";
            case UPSTREAM_OVERFLOW -> "upstream overflow\n";
            case UPSTREAM_REQUEST_TIMEOUT -> "upstream request timeout\n";
            default -> "";
        };
        HeaderMap headers = new DefaultHeaderMap(4);
        headers.set("content-type", "text/plain; charset=utf-8");
        headers.set("x-mosn4j-response-flag", flag.mosnName());
        sendDirectResponse(flag.status(), headers, ByteBufUtil.writeUtf8(connection.alloc(), body));
    }

    @Override
    public void sendDirectResponse(int status, HeaderMap headers, ByteBuf body) {
        if (finished) {
            if (body != null) {
                body.release();
            }
            return;
        }
        if (upstream != null) {
            upstream.cancel(false);
        }
        cancelTimeout();
        if (responseStarted) {
            if (body != null) {
                body.release();
            }
            encoder.reset(StreamResetReason.LOCAL_RESET);
            finish(false);
            return;
        }
        HeaderMap response = headers == null ? new DefaultHeaderMap(4) : headers;
        response.set(HeaderNames.STATUS, Integer.toString(status));
        boolean hasBody = body != null && body.isReadable();
        response.set("content-length", Integer.toString(hasBody ? body.readableBytes() : 0));
        responseCode = status;
        responseStarted = true;
        responseHeaders = response;
        encoder.encodeHeaders(response, !hasBody);
        if (hasBody) {
            bytesSent += body.readableBytes();
            encoder.encodeData(body, true);
        } else if (body != null) {
            body.release();
        }
        finish(status < 500);
    }

    @Override
    public void sendHijackReply(int status, HeaderMap headers) {
        sendDirectResponse(status, headers, null);
    }

    @Override
    public void injectData(ByteBuf data, boolean endOfStream) {
        if (finished) {
            data.release();
            return;
        }
        if (runningSender < 0) {
            data.release();
            throw new IllegalStateException("injectData is allowed only from a sender filter's onData or onTrailers");
        }
        sendResponseData(runningSender + 1, data, endOfStream);
    }

    @Override
    public boolean sendShadowRequest(String clusterName, HeaderMap headers, ByteBuf body, Duration timeout) {
        return ShadowRequest.send(connection.eventLoop(), settings.pools(), settings.clusters().staticCluster(clusterName),
                this, chooseUpstreamProtocol(), headers, body, timeout);
    }

    /**
     * A stream filter threw: this stream fails alone. Before the response starts it is answered 500 (which
     * other protocols map to their own error reply); after, it is reset. The connection and its other streams
     * go on.
     *
     * @param type the filter's type
     * @param callback the filter method that threw
     * @param failure what it threw
     */
    void onFilterFailure(String type, String callback, Throwable failure) {
        String outcome = finished ? "the stream had ended" : responseStarted ? "the stream is reset"
                : "the stream is answered 500";
        FilterFailureLog.SHARED.failed(settings.listenerName(), type, callback, outcome, failure);
        if (finished) {
            return;
        }
        if (requestHeaders == null) {
            failedBeforeRequest = true;
            return;
        }
        replyFilterFailure();
    }

    private void replyFilterFailure() {
        HeaderMap headers = new DefaultHeaderMap(4);
        headers.set("content-type", "text/plain; charset=utf-8");
        sendDirectResponse(500, headers, ByteBufUtil.writeUtf8(connection.alloc(), "stream filter failure\n"));
    }

    // ---------------------------------------------------------------- end of the stream

    /** The downstream stream was reset: the client went away or the connection broke. */
    @Override
    public void onReset(StreamResetReason reason) {
        if (finished) {
            return;
        }
        responseFlag = ResponseFlag.DOWNSTREAM_TERMINATE;
        settings.stats().requests().reset();
        if (upstream != null) {
            upstream.cancel(false);
        }
        finish(false);
    }

    private void finish(boolean ok) {
        if (finished) {
            return;
        }
        finished = true;
        endNanos = System.nanoTime() - startNanos;
        if (upstream != null) {
            // Ends an attempt still under way (and gives back its circuit breaker slots); no-op when it ended.
            upstream.cancel(false);
        }
        cancelTimeout();
        cancelPerTryTimeout();
        settings.stats().requests().finished(responseCode, endNanos, ok);
        for (AccessLog log : settings.accessLogs()) {
            log.log(this);
        }
        for (FilterPhase phase : PHASES) {
            receivers(phase).forEach(StreamReceiverFilter::onDestroy);
        }
        senders.forEach(StreamSenderFilter::onDestroy);
        ByteBuf chunk;
        while ((chunk = pendingBody.poll()) != null) {
            chunk.release();
        }
        while ((chunk = pausedResponse.poll()) != null) {
            chunk.release();
        }
        releaseRetryBuffer();
        if (requestReadPaused) {
            requestReadPaused = false;
            encoder.setReadEnabled(true);
        }
    }

    private void releaseRetryBuffer() {
        retryBuffer.forEach(ByteBuf::release);
        retryBuffer = new ArrayList<>(0);
    }

    /** @return the {@code :status} of a response, or 0 when absent or not a number */
    static int parseStatus(HeaderMap headers) {
        String status = headers.get(HeaderNames.STATUS);
        try {
            return status == null ? 0 : Integer.parseInt(status);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------- handler views

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public String traceId() {
        return traceId;
    }

    @Override
    public Connection downstreamConnection() {
        return connection;
    }

    /** The route's {@code hash_policy} applied to this request; asked by the hash balancers on each attempt. */
    @Override
    public long hashKey() {
        return route == null ? NO_HASH_KEY : route.hashKey(requestHeaders, connection.remoteAddress());
    }

    /** The route's {@code metadata_match} for the chosen cluster; asked by subset-balanced clusters. */
    @Override
    public Map<String, String> metadataMatch() {
        return route == null || cluster == null ? Map.of() : route.metadataMatch(cluster.name());
    }

    @Override
    public RouteInfo route() {
        return route;
    }

    @Override
    public HeaderMap requestHeaders() {
        return requestHeaders;
    }

    @Override
    public HeaderMap responseHeaders() {
        return responseHeaders;
    }

    // ---------------------------------------------------------------- RequestInfo, for access logs

    @Override
    public long startTimeMillis() {
        return startMillis;
    }

    @Override
    public long requestReceivedNanos() {
        return requestReceivedNanos;
    }

    @Override
    public long responseReceivedNanos() {
        return responseReceivedNanos;
    }

    @Override
    public long durationNanos() {
        return endNanos >= 0 ? endNanos : System.nanoTime() - startNanos;
    }

    @Override
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public String protocol() {
        return protocol.type();
    }

    @Override
    public int responseCode() {
        return responseCode;
    }

    @Override
    public String responseFlag() {
        return responseFlag.mosnName();
    }

    @Override
    public String upstreamHost() {
        return upstream == null ? "" : upstream.host().address();
    }

    @Override
    public String upstreamLocalAddress() {
        return "";
    }

    @Override
    public String downstreamLocalAddress() {
        return address(connection.localAddress());
    }

    @Override
    public String downstreamRemoteAddress() {
        return address(connection.remoteAddress());
    }

    @Override
    public String requestHeader(String name) {
        return requestHeaders == null ? null : requestHeaders.get(name);
    }

    @Override
    public String responseHeader(String name) {
        return responseHeaders == null ? null : responseHeaders.get(name);
    }

    private static String address(InetSocketAddress address) {
        return address == null ? "" : address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
