package org.mosn4j.plugin.http2;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Settings;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import java.util.Objects;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.ClientStreamConnectionCallbacks;
import org.mosn4j.spi.protocol.MatchResult;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.HeaderMap;
import org.pf4j.Extension;

/**
 * Protocol type {@code Http2}: HTTP/2 over cleartext with prior knowledge, or after an HTTP/1.1
 * {@code Upgrade: h2c} on a listener that also speaks Http1 ({@code Auto}); many streams per connection.
 * Stateless and shared; each connection gets its own {@link Http2ServerConnection} or
 * {@link Http2ClientConnection}.
 */
@Extension
public final class Http2Protocol implements Protocol {

    /** The type string configs name. */
    public static final String TYPE = "Http2";

    private final Http2Limits limits;

    /** With the {@link Http2Limits#DEFAULT default limits}: 100 concurrent streams, a 65535-byte window. */
    public Http2Protocol() {
        this(Http2Limits.DEFAULT);
    }

    /**
     * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS to advertise and enforce
     * @param initialWindowSize SETTINGS_INITIAL_WINDOW_SIZE to advertise
     */
    public Http2Protocol(int maxConcurrentStreams, int initialWindowSize) {
        this(new Http2Limits(maxConcurrentStreams, initialWindowSize));
    }

    /** @param limits the limits for both directions */
    public Http2Protocol(Http2Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MatchResult match(ByteBuf prefix) {
        return ConnectionPreface.match(prefix);
    }

    @Override
    public ServerStreamConnection newServerConnection(Connection connection, ServerStreamListener listener) {
        return new Http2ServerConnection(connection, listener, limits);
    }

    /** Accepts {@code Upgrade: h2c} with one valid {@code HTTP2-Settings} (RFC 7540, section 3.2). */
    @Override
    public boolean acceptsUpgrade(String token, HeaderMap request) {
        return H2cUpgrade.accepts(token, request);
    }

    @Override
    public ServerStreamConnection newUpgradedServerConnection(Connection connection, ServerStreamListener listener,
            HeaderMap request) {
        Http2Settings clientSettings = H2cUpgrade.clientSettings(request);
        if (clientSettings == null) {
            throw new IllegalArgumentException("not an h2c upgrade request: no valid HTTP2-Settings");
        }
        return Http2ServerConnection.upgraded(connection, listener, limits, clientSettings,
                H2cUpgrade.withoutUpgradeHeaders(request));
    }

    @Override
    public ClientStreamConnection newClientConnection(Connection connection,
            ClientStreamConnectionCallbacks callbacks) {
        return new Http2ClientConnection(connection, callbacks, limits);
    }

    /**
     * Options under {@code extend_config.Http2} of a {@code proxy} filter: {@code max_concurrent_streams}
     * (SETTINGS_MAX_CONCURRENT_STREAMS, default 100) and {@code initial_window_size} (SETTINGS_INITIAL_WINDOW_SIZE,
     * default 65535).
     */
    @Override
    public Protocol withOptions(JsonNode options, String path) throws ConfigException {
        Http2Options parsed = ConfigBinder.INSTANCE.bind(options, Http2Options.class, path);
        int streams = parsed.maxConcurrentStreams() == null ? limits.maxConcurrentStreams() : parsed.maxConcurrentStreams();
        int window = parsed.initialWindowSize() == null ? limits.initialWindowSize() : parsed.initialWindowSize();
        if (streams < 1) {
            throw new ConfigException(ConfigException.join(path, "max_concurrent_streams"), "expected 1 or more, got " + streams);
        }
        if (window < 1) {
            throw new ConfigException(ConfigException.join(path, "initial_window_size"),
                    "expected 1 to 2147483647, got " + window);
        }
        return new Http2Protocol(new Http2Limits(streams, window));
    }

    /** The {@code extend_config.Http2} block. */
    record Http2Options(Integer maxConcurrentStreams, Integer initialWindowSize) {
    }

    /** @return the configured limit; a connection also keeps within what its server advertises */
    @Override
    public int maxConcurrentStreams() {
        return limits.maxConcurrentStreams();
    }
}
