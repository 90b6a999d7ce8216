package org.mosn4j.kernel.network;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import java.util.List;
import org.mosn4j.kernel.stats.ConnectionCounters;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.network.ConnectionFilters;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.mosn4j.spi.network.ReadFilter;
import org.mosn4j.spi.network.WriteFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection accepted by a listener. Its filter chain is built from the installers of its listener's filter
 * chain when it opens.
 */
final class DownstreamConnection extends ChannelConnection implements ConnectionFilters {

    private static final Logger LOG = LoggerFactory.getLogger(DownstreamConnection.class);

    private final String listenerName;
    private final List<NetworkFilterInstaller> installers;

    DownstreamConnection(EventLoop eventLoop, String listenerName, List<NetworkFilterInstaller> installers,
            ConnectionCounters listenerCounters) {
        super(eventLoop, listenerCounters);
        this.listenerName = listenerName;
        this.installers = installers;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        open();
    }

    /**
     * Builds the filter chain and opens the connection: when the channel becomes active, or, behind TLS, once the
     * handshake is done and this handler is added to the already active channel.
     */
    void open() {
        for (NetworkFilterInstaller installer : installers) {
            installer.install(this);
        }
        onOpened();
        if (!hasReadFilters()) {
            LOG.warn("[conn {}] listener {} has no network filter to handle {}; closing", id(), listenerName,
                    remoteAddress());
            close(CloseType.NO_FLUSH);
        }
    }

    @Override
    public Connection connection() {
        return this;
    }

    @Override
    public void addReadFilter(ReadFilter filter) {
        addReadFilterInternal(filter);
    }

    @Override
    public void addWriteFilter(WriteFilter filter) {
        addWriteFilterInternal(filter);
    }
}
