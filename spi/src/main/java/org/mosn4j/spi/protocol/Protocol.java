package org.mosn4j.spi.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.TypedExtension;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.stream.HeaderMap;

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

    /**
     * Whether a downstream HTTP/1.1 connection may switch to this protocol with {@code Upgrade: token}, as HTTP/2
     * does with {@code h2c} (RFC 7540, section 3.2). Checked before the switching response is sent, so a request
     * this refuses (a missing or malformed {@code HTTP2-Settings}, say) is served as HTTP/1.1 instead.
     *
     * @param token one token of the request's {@code Upgrade} header
     * @param request the request's headers, with the hop-by-hop ones the upgrade needs still present
     * @return whether {@link #newUpgradedServerConnection} accepts this request
     */
    default boolean acceptsUpgrade(String token, HeaderMap request) {
        return false;
    }

    /**
     * Takes over a downstream connection after an accepted upgrade, once the old protocol has written its
     * switching response: sends this protocol's opening (HTTP/2: the server preface) and reports
     * {@code request} to {@code listener} as the first stream, with no body.
     *
     * @param connection the downstream connection
     * @param listener receives the upgrade request and every later stream
     * @param request the upgrade request's headers (hop-by-hop ones included); ownership passes to the protocol
     * @return the server side of this protocol for the connection, to be handed the bytes read from now on
     */
    default ServerStreamConnection newUpgradedServerConnection(Connection connection, ServerStreamListener listener,
            HeaderMap request) {
        throw new UnsupportedOperationException("protocol " + type() + " takes no upgrades");
    }
}
