package org.mosn4j.bench.support;

import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.Protocol;

/** The client side the codec benchmarks send requests on: one kept-alive upstream connection. */
public final class ReusableUpstream {

    private ReusableUpstream() {
    }

    /**
     * @return {@code protocol}'s client side on {@code connection}; it throws when a response leaves the connection
     *         unfit for the next request, which would make every later iteration measure something else
     */
    public static ClientStreamConnection open(Protocol protocol, DiscardingConnection connection) {
        return protocol.newClientConnection(connection, reusable -> {
            if (!reusable) {
                throw new IllegalStateException("the upstream connection is not reusable after a response");
            }
        });
    }
}
