package org.mosn4j.kernel.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import org.mosn4j.spi.network.FilterStatus;
import org.mosn4j.spi.network.NetworkFilterContext;
import org.mosn4j.spi.network.NetworkFilterFactory;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.mosn4j.spi.network.ReadFilter;
import org.mosn4j.spi.network.ReadFilterCallbacks;

/**
 * A network filter packed into plugin jars by {@link TestPluginJar}, type {@code "test_discard"}: it reads and
 * drops every byte. A plugin providing it cannot be disabled or unloaded at run time.
 */
public final class DiscardFilterFactory implements NetworkFilterFactory {

    @Override
    public String type() {
        return "test_discard";
    }

    @Override
    public NetworkFilterInstaller configure(JsonNode config, NetworkFilterContext context) {
        return filters -> filters.addReadFilter(new Discard());
    }

    static final class Discard implements ReadFilter {
        @Override
        public void initReadFilterCallbacks(ReadFilterCallbacks callbacks) {
        }

        @Override
        public FilterStatus onNewConnection() {
            return FilterStatus.CONTINUE;
        }

        @Override
        public FilterStatus onData(ByteBuf data, boolean endOfStream) {
            data.release();
            return FilterStatus.STOP;
        }
    }
}
