package org.mosn4j.plugin.http1;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.Objects;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.ClientStreamConnectionCallbacks;
import org.mosn4j.spi.protocol.MatchResult;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.pf4j.Extension;

/**
 * Protocol type {@code Http1}: HTTP/1.0 and HTTP/1.1, one stream at a time per connection. Stateless and
 * shared; each connection gets its own {@link Http1ServerConnection} or {@link Http1ClientConnection}.
 */
@Extension
public final class Http1Protocol implements Protocol {

    /** The type string configs name. */
    public static final String TYPE = "Http1";

    private final Http1Limits limits;

    /** With the {@link Http1Limits#DEFAULT default limits}. */
    public Http1Protocol() {
        this(Http1Limits.DEFAULT);
    }

    /** @param limits the parsing limits for both directions */
    public Http1Protocol(Http1Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MatchResult match(ByteBuf prefix) {
        return RequestLineDetector.match(prefix);
    }

    @Override
    public ServerStreamConnection newServerConnection(Connection connection, ServerStreamListener listener) {
        return new Http1ServerConnection(connection, listener, limits);
    }

    /**
     * Options under {@code extend_config.Http1} of a {@code proxy} filter: {@code max_request_line_length}
     * (default 8 KiB), {@code max_header_size} (default 64 KiB), {@code max_header_count} (default 100) and
     * {@code request_header_timeout} (default {@code "30s"}, {@code "0s"} for none).
     */
    @Override
    public Protocol withOptions(JsonNode options, String path) throws ConfigException {
        Http1Options parsed = ConfigBinder.INSTANCE.bind(options, Http1Options.class, path);
        int line = positive(parsed.maxRequestLineLength(), limits.maxRequestLineLength(), path, "max_request_line_length");
        int size = positive(parsed.maxHeaderSize(), limits.maxHeaderSize(), path, "max_header_size");
        int count = positive(parsed.maxHeaderCount(), limits.maxHeaderCount(), path, "max_header_count");
        Duration timeout = parsed.requestHeaderTimeout() == null ? limits.requestHeaderTimeout() : parsed.requestHeaderTimeout();
        if (timeout.isNegative()) {
            throw new ConfigException(ConfigException.join(path, "request_header_timeout"),
                    "expected a duration such as \"30s\", or \"0s\" for no limit, got " + timeout);
        }
        return new Http1Protocol(new Http1Limits(line, size, count, timeout));
    }

    private static int positive(Integer value, int current, String path, String key) throws ConfigException {
        if (value == null) {
            return current;
        }
        if (value < 1) {
            throw new ConfigException(ConfigException.join(path, key), "expected 1 or more, got " + value);
        }
        return value;
    }

    /** The {@code extend_config.Http1} block. */
    record Http1Options(Integer maxRequestLineLength, Integer maxHeaderSize, Integer maxHeaderCount,
            Duration requestHeaderTimeout) {
    }

    @Override
    public ClientStreamConnection newClientConnection(Connection connection,
            ClientStreamConnectionCallbacks callbacks) {
        return new Http1ClientConnection(connection, callbacks, limits);
    }
}
