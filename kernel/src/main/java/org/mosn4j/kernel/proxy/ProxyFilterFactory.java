package org.mosn4j.kernel.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mosn4j.kernel.network.KernelFilterContext;
import org.mosn4j.kernel.plugin.ExtensionKind;
import org.mosn4j.kernel.plugin.ExtensionRegistry;
import org.mosn4j.kernel.router.RouterTable;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.network.NetworkFilterContext;
import org.mosn4j.spi.network.NetworkFilterFactory;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.mosn4j.spi.protocol.Protocol;
import org.pf4j.Extension;

/**
 * The built-in {@code proxy} network filter: runs the downstream protocol on each connection, routes every
 * request with the named router config and sends it to a cluster's host in the upstream protocol.
 */
@Extension
public final class ProxyFilterFactory implements NetworkFilterFactory {

    /** MOSN's umbrella protocol, whose sub-protocol is named at the top of {@code extend_config}. */
    private static final String X_PROTOCOL = "X";
    private static final String SUB_PROTOCOL = "sub_protocol";

    @Override
    public String type() {
        return "proxy";
    }

    @Override
    public NetworkFilterInstaller configure(JsonNode config, NetworkFilterContext context) throws ConfigException {
        KernelFilterContext kernel = (KernelFilterContext) context;
        ExtensionRegistry registry = kernel.registry();
        String path = context.configPath();
        ProxyConfig proxy = ConfigBinder.INSTANCE.bind(config, ProxyConfig.class, path);
        String downstream = proxy.downstreamProtocol();
        if (downstream == null || downstream.isEmpty()) {
            throw new ConfigException(path + ".downstream_protocol", "expected a protocol name such as \"Http1\" or \"Auto\", got nothing");
        }
        List<Protocol> downstreamProtocols = protocols(registry, downstream, path + ".downstream_protocol");
        String upstream = proxy.upstreamProtocol();
        Protocol upstreamProtocol = upstream == null || upstream.isEmpty() || ProxyConfig.AUTO.equalsIgnoreCase(upstream)
                ? null : registry.<Protocol>require(ExtensionKind.PROTOCOL, upstream, path + ".upstream_protocol");
        Map<String, Protocol> configured = configure(registry, proxy.extendConfig(), path + ".extend_config");
        downstreamProtocols = downstreamProtocols.stream().map(p -> configured.get(p.type())).toList();
        upstreamProtocol = upstreamProtocol == null ? null : configured.get(upstreamProtocol.type());
        String routerName = proxy.routerConfigName();
        if (routerName == null || routerName.isEmpty()) {
            throw new ConfigException(path + ".router_config_name", "expected the name of a router config, got nothing");
        }
        RouterTable router = kernel.services().routers().get(routerName);
        if (router == null) {
            throw new ConfigException(path + ".router_config_name", "router config \"" + routerName
                    + "\" is not defined (defined: " + String.join(", ", kernel.services().routers().names())
                    + "); add it to servers[0].routers");
        }
        ProxySettings settings = new ProxySettings(context.listenerName(), List.copyOf(downstreamProtocols),
                ProxyConfig.AUTO.equalsIgnoreCase(downstream), upstreamProtocol, configured, kernel.services().routers(),
                routerName, kernel.services().clusters(), kernel.services().pools(),
                kernel.streamFilters(), kernel.accessLogs(), kernel.listenerStats(), kernel.services().tracer());
        return filters -> filters.addReadFilter(new ProxyReadFilter(settings));
    }

    /**
     * Every installed protocol, with the options {@code extend_config} gives it under its type name; a protocol
     * {@code X} without such a block gets the whole {@code extend_config} when it names a {@code sub_protocol}.
     *
     * @return protocols by type, in the registry's order
     */
    private static Map<String, Protocol> configure(ExtensionRegistry registry, JsonNode extendConfig, String path)
            throws ConfigException {
        Map<String, Protocol> out = new LinkedHashMap<>();
        for (String type : registry.types(ExtensionKind.PROTOCOL)) {
            Protocol protocol = registry.<Protocol>find(ExtensionKind.PROTOCOL, type).orElseThrow();
            JsonNode options = extendConfig == null ? null : extendConfig.get(type);
            String optionsPath = ConfigException.join(path, type);
            if (options == null && X_PROTOCOL.equals(type) && extendConfig != null && extendConfig.has(SUB_PROTOCOL)) {
                // MOSN's X protocol reads its sub_protocol from the top of extend_config, not from a block of its own.
                options = extendConfig;
                optionsPath = path;
            }
            out.put(type, options == null || !options.isObject() ? protocol : protocol.withOptions(options, optionsPath));
        }
        return Map.copyOf(out);
    }

    private static List<Protocol> protocols(ExtensionRegistry registry, String name, String path) throws ConfigException {
        if (!ProxyConfig.AUTO.equalsIgnoreCase(name)) {
            return List.of(registry.<Protocol>require(ExtensionKind.PROTOCOL, name, path));
        }
        List<Protocol> all = new ArrayList<>();
        for (String type : registry.types(ExtensionKind.PROTOCOL)) {
            all.add(registry.<Protocol>find(ExtensionKind.PROTOCOL, type).orElseThrow());
        }
        if (all.isEmpty()) {
            throw new ConfigException(path, "\"Auto\" detects among the installed protocols, and no protocol "
                    + "plugin is installed; put a protocol plugin jar (such as Http1) in " + registry.pluginsLocation());
        }
        return all;
    }
}
