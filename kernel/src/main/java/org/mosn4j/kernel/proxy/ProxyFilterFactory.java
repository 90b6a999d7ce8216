package org.mosn4j.kernel.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.kernel.network.KernelFilterContext;
import org.mosn4j.kernel.plugin.ExtensionKind;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.NetworkFilterContext;
import org.mosn4j.spi.network.NetworkFilterFactory;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@code proxy} network filter. It checks that the protocols it names are installed, so a config
 * needing a protocol plugin that is absent fails at startup with the missing-plugin error.
 */
@Extension
public final class ProxyFilterFactory implements NetworkFilterFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyFilterFactory.class);

    @Override
    public String type() {
        return "proxy";
    }

    @Override
    public NetworkFilterInstaller configure(JsonNode config, NetworkFilterContext context) throws ConfigException {
        KernelFilterContext kernel = (KernelFilterContext) context;
        String path = context.configPath();
        ProxyConfig proxy = ConfigBinder.INSTANCE.bind(config, ProxyConfig.class, path);
        String downstream = proxy.downstreamProtocol();
        if (downstream == null || downstream.isEmpty()) {
            throw new ConfigException(path + ".downstream_protocol", "expected a protocol name such as \"Http1\" or \"Auto\", got nothing");
        }
        requireProtocol(kernel, downstream, path + ".downstream_protocol");
        String upstream = proxy.upstreamProtocol();
        if (upstream != null && !upstream.isEmpty()) {
            requireProtocol(kernel, upstream, path + ".upstream_protocol");
        }
        // TODO(#3): run the protocol's server stream connection and route its streams.
        return filters -> {
            LOG.error("[conn {}] listener {}: the proxy filter has no stream layer to run protocol {}; closing",
                    filters.connection().id(), context.listenerName(), downstream);
            filters.connection().close(CloseType.NO_FLUSH);
        };
    }

    private static void requireProtocol(KernelFilterContext context, String name, String path) throws ConfigException {
        if (ProxyConfig.AUTO.equalsIgnoreCase(name)) {
            if (context.registry().types(ExtensionKind.PROTOCOL).isEmpty()) {
                throw new ConfigException(path, "\"Auto\" detects among the installed protocols, and no protocol "
                        + "plugin is installed; put a protocol plugin jar (such as Http1) in "
                        + context.registry().pluginsLocation());
            }
            return;
        }
        context.registry().require(ExtensionKind.PROTOCOL, name, path);
    }
}
