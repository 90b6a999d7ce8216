package org.mosn4j.plugin.filters.ipaccess;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.mosn4j.plugin.filters.common.PerRouteConfig;
import org.mosn4j.plugin.filters.common.Replies;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamReceiverFilterHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's access check, after routing: lets it go on or answers it with the deny status (which Dubbo
 * consumers get as an error reply). Confined to the stream's event loop.
 */
final class IpAccessFilter implements StreamReceiverFilter {

    private static final Logger LOG = LoggerFactory.getLogger(IpAccessFilter.class);

    private final IpAccessSettings listenerSettings;
    private StreamReceiverFilterHandler handler;

    IpAccessFilter(IpAccessSettings listenerSettings) {
        this.listenerSettings = listenerSettings;
    }

    @Override
    public void init(StreamReceiverFilterHandler handler) {
        this.handler = handler;
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
        IpAccessSettings settings = PerRouteConfig.choose(handler, IpAccessFilterFactory.TYPE, listenerSettings,
                IpAccessSettings.class);
        if (settings.disabled()) {
            return StreamFilterStatus.CONTINUE;
        }
        byte[] client = ClientAddress.of(headers, settings.header(), handler.connection().remoteAddress());
        if (settings.allows(client)) {
            return StreamFilterStatus.CONTINUE;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("[conn {}] ip_access: denied {} (peer {}{})", handler.connection().id(), describe(client),
                    handler.connection().remoteAddress(), settings.header() == null ? "" : ", " + settings.header()
                    + ": " + headers.getAll(settings.header()));
        }
        Replies.text(handler, settings.denyStatus(), "access denied by ip_access");
        return StreamFilterStatus.STOP;
    }

    private static String describe(byte[] address) {
        if (address == null) {
            return "an unreadable client address";
        }
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            return "?";
        }
    }
}
