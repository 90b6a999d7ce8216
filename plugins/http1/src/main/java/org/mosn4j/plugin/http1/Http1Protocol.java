package org.mosn4j.plugin.http1;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
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

    @Override
    public ClientStreamConnection newClientConnection(Connection connection,
            ClientStreamConnectionCallbacks callbacks) {
        return new Http1ClientConnection(connection, callbacks, limits);
    }
}
