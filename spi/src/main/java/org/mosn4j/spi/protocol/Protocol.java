package org.mosn4j.spi.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.TypedExtension;
import org.mosn4j.spi.network.Connection;

/**
 * Extension point for a protocol such as {@code "Http1"}, {@code "Http2"} or {@code "dubbo"}, named by the
 * {@code proxy} filter's {@code downstream_protocol} and {@code upstream_protocol}.
 *
 * <p>A protocol is stateless and shared; it creates one stream connection per connection, on that
 * connection's event loop.
 */
public interface Protocol extends TypedExtension {

    /**
     * Looks at the first bytes of a downstream connection for {@code "Auto"} detection.
     *
     * @param prefix the bytes read so far; must not be consumed or released
     * @return whether they start this protocol
     */
    MatchResult match(ByteBuf prefix);

    /**
     * Wraps a downstream connection: the proxy hands it every byte read, and it reports each request as a
     * new stream to {@code listener}, writing responses to {@code connection}.
     *
     * @param connection the downstream connection
     * @param listener receives new streams
     * @return the server side of the protocol for this connection
     */
    ServerStreamConnection newServerConnection(Connection connection, ServerStreamListener listener);

    /**
     * Wraps an upstream connection: requests are sent with {@link ClientStreamConnection#newStream} and the
     * proxy hands it every byte read.
     *
     * @param connection the upstream connection (possibly still connecting)
     * @param callbacks connection-level events for the pool that owns it
     * @return the client side of the protocol for this connection
     */
    ClientStreamConnection newClientConnection(Connection connection, ClientStreamConnectionCallbacks callbacks);

    /**
     * Applies options given for this protocol in a {@code proxy} filter's {@code extend_config}, under the
     * protocol's type, for example {@code "extend_config": {"Http2": {"max_concurrent_streams": 200}}}. Runs at
     * startup. By default a protocol takes no options.
     *
     * @param options the options block, never null
     * @param path its JSON path, for errors
     * @return a protocol with these options (this one when they change nothing)
     * @throws ConfigException naming the path of a bad option
     */
    default Protocol withOptions(JsonNode options, String path) throws ConfigException {
        if (options.size() > 0) {
            throw new ConfigException(path, "protocol " + type() + " takes no options, got " + options);
        }
        return this;
    }

    /** @return how many streams one upstream connection carries at once (1 for HTTP/1.1) */
    default int maxConcurrentStreams() {
        return 1;
    }
}
