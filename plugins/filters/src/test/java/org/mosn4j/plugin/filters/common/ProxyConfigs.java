package org.mosn4j.plugin.filters.common;

/**
 * MOSN configs for the filter tests: one proxy listener on an ephemeral port of 127.0.0.1, one event loop, the
 * given stream filters, one router config "r" and the given clusters, admin API on an ephemeral port. HTTP
 * listeners send requests upstream in HTTP/1.1 (the test backends speak nothing else), dubbo ones in dubbo.
 */
public final class ProxyConfigs {

    private ProxyConfigs() {
    }

    /**
     * @param listener the listener's name
     * @param protocol {@code downstream_protocol}: Http1, Http2, Auto or dubbo
     * @param streamFilters the entries of {@code stream_filters}, as JSON
     * @param virtualHosts the entries of {@code virtual_hosts}, as JSON
     * @param clusters the entries of {@code clusters}, as JSON
     * @return the config
     */
    public static String config(String listener, String protocol, String streamFilters, String virtualHosts,
            String clusters) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "processor": 1,
                    "routers": [{"router_config_name": "r", "virtual_hosts": [%s]}],
                    "listeners": [{
                      "name": "%s", "address": "127.0.0.1:0", "bind_port": true,
                      "stream_filters": [%s],
                      "filter_chains": [{"filters": [{"type": "proxy",
                        "config": {"downstream_protocol": "%s", "upstream_protocol": "%s", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [%s]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(virtualHosts, listener, streamFilters, protocol,
                protocol.equals("dubbo") ? "dubbo" : "Http1", clusters);
    }

    /** @return a listener "proxy" with {@code Auto} detection (HTTP/1.1, h2c and dubbo) */
    public static String auto(String streamFilters, String virtualHosts, String clusters) {
        return config("proxy", "Auto", streamFilters, virtualHosts, clusters);
    }

    /** @return a virtual host for every domain with these routes (JSON entries of {@code routers}) */
    public static String virtualHost(String routes) {
        return "{\"name\": \"vh\", \"domains\": [\"*\"], \"routers\": [" + routes + "]}";
    }

    /** @return a route of every path to {@code cluster} */
    public static String routeAll(String cluster) {
        return "{\"match\": {\"prefix\": \"/\"}, \"route\": {\"cluster_name\": \"" + cluster + "\"}}";
    }

    /** @return a SIMPLE cluster with one host */
    public static String cluster(String name, String address) {
        return "{\"name\": \"" + name + "\", \"type\": \"SIMPLE\", \"hosts\": [{\"address\": \"" + address + "\"}]}";
    }
}
