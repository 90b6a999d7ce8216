package org.mosn4j.plugin.dubbo;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
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
 * Protocol type {@code dubbo}: Dubbo 2 frames with hessian2 bodies, many requests at once per connection.
 * Stateless and shared; each connection gets its own {@link DubboServerConnection} or
 * {@link DubboClientConnection}.
 */
@Extension
public final class DubboProtocol implements Protocol {

    /** The type string configs name. */
    public static final String TYPE = "dubbo";

    private final DubboLimits limits;

    /** With the {@link DubboLimits#DEFAULT default limits}. */
    public DubboProtocol() {
        this(DubboLimits.DEFAULT);
    }

    /** @param limits the limits for both directions */
    public DubboProtocol(DubboLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Matches the magic {@code 0xdabb} that starts every frame. */
    @Override
    public MatchResult match(ByteBuf prefix) {
        int start = prefix.readerIndex();
        if (prefix.readableBytes() < 1) {
            return MatchResult.NEED_MORE_DATA;
        }
        if (prefix.getUnsignedByte(start) != FrameHeader.MAGIC_HIGH) {
            return MatchResult.NO_MATCH;
        }
        if (prefix.readableBytes() < 2) {
            return MatchResult.NEED_MORE_DATA;
        }
        return prefix.getUnsignedByte(start + 1) == FrameHeader.MAGIC_LOW ? MatchResult.MATCH : MatchResult.NO_MATCH;
    }

    @Override
    public ServerStreamConnection newServerConnection(Connection connection, ServerStreamListener listener) {
        return new DubboServerConnection(connection, listener, limits);
    }

    @Override
    public ClientStreamConnection newClientConnection(Connection connection,
            ClientStreamConnectionCallbacks callbacks) {
        return new DubboClientConnection(connection, callbacks, limits);
    }

    /**
     * Options under {@code extend_config.dubbo} of a {@code proxy} filter: {@code max_frame_size} (the largest
     * frame body in bytes, default 8388608) and {@code max_concurrent_streams} (requests at once per upstream
     * connection, and in flight per downstream connection before reading pauses; default 1024).
     */
    @Override
    public Protocol withOptions(JsonNode options, String path) throws ConfigException {
        DubboOptions parsed = ConfigBinder.INSTANCE.bind(options, DubboOptions.class, path);
        int frameSize = parsed.maxFrameSize() == null ? limits.maxFrameSize() : parsed.maxFrameSize();
        int streams = parsed.maxConcurrentStreams() == null ? limits.maxConcurrentStreams() : parsed.maxConcurrentStreams();
        if (frameSize < 1) {
            throw new ConfigException(ConfigException.join(path, "max_frame_size"),
                    "expected a size in bytes from 1 to 2147483647, got " + frameSize);
        }
        if (streams < 1) {
            throw new ConfigException(ConfigException.join(path, "max_concurrent_streams"),
                    "expected 1 or more, got " + streams);
        }
        return new DubboProtocol(new DubboLimits(frameSize, streams));
    }

    /** The {@code extend_config.dubbo} block. */
    record DubboOptions(Integer maxFrameSize, Integer maxConcurrentStreams) {
    }

    @Override
    public int maxConcurrentStreams() {
        return limits.maxConcurrentStreams();
    }

    /** @return the limits in force */
    public DubboLimits limits() {
        return limits;
    }
}
