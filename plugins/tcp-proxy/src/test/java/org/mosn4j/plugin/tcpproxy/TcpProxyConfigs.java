package org.mosn4j.plugin.tcpproxy;

/** MOSN-format configs for the tests: one tcp_proxy listener on an ephemeral port and an admin API. */
final class TcpProxyConfigs {

    private TcpProxyConfigs() {
    }

    /**
     * @param proxyConfig the tcp_proxy filter's config block
     * @param clusters the cluster_manager's clusters array content
     */
    static String listener(String proxyConfig, String clusters) {
        return listener(proxyConfig, clusters, "");
    }

    /**
     * @param listenerExtra more listener keys, each starting with a comma
     */
    static String listener(String proxyConfig, String clusters, String listenerExtra) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "listeners": [{
                      "name": "tcp",
                      "address": "127.0.0.1:0",
                      "bind_port": true%s,
                      "filter_chains": [{"filters": [{"type": "tcp_proxy", "config": %s}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [%s]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(listenerExtra, proxyConfig, clusters);
    }

    static String cluster(String name, String... hosts) {
        StringBuilder list = new StringBuilder();
        for (String host : hosts) {
            list.append(list.length() == 0 ? "" : ",").append("{\"address\": \"").append(host).append("\"}");
        }
        return """
                {"name": "%s", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN", "connect_timeout": "2s", "hosts": [%s]}
                """.formatted(name, list);
    }
}
