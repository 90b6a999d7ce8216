package org.mosn4j.distribution;

/** Configs for the distribution tests. */
final class TcpConfigs {

    private TcpConfigs() {
    }

    /** A tcp_proxy listener "tcp" on an ephemeral port forwarding to 127.0.0.1:backendPort, admin on port 0. */
    static String tcpProxy(String gracefulTimeout, int backendPort) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "%s",
                    "listeners": [{
                      "name": "tcp",
                      "address": "127.0.0.1:0",
                      "bind_port": true,
                      "filter_chains": [{"filters": [{"type": "tcp_proxy", "config": {"cluster": "echo"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "echo", "type": "STATIC", "hosts": [{"address": "127.0.0.1:%d"}]}
                  ]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(gracefulTimeout, backendPort);
    }
}
