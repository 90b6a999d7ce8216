package org.mosn4j.plugin.filters.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.spi.config.ConfigException;

/** Every filter's config errors, in a listener's stream_filters and in per_filter_config, name their JSON path. */
class FilterConfigErrorsTest {

    @Test
    void aBadFieldInEachFiltersBlockIsReportedByPathAtStartup() {
        String filters = String.join(",\n",
                "{\"type\": \"fault\", \"config\": {\"delay\": {\"fixed_delay\": \"soon\"}}}",
                "{\"type\": \"ip_access\", \"config\": {\"ips\": [{\"action\": \"deny\", \"addrs\": [\"10.0.0.0/40\"]}]}}",
                "{\"type\": \"payload_limit\", \"config\": {\"max_entity_size\": \"1MB\"}}",
                "{\"type\": \"gzip\", \"config\": {\"gzip_level\": 12}}",
                "{\"type\": \"mirror\", \"config\": {\"cluster\": \"nowhere\"}}");
        String routes = "{\"match\": {\"prefix\": \"/\"}, \"route\": {\"cluster_name\": \"c\"},"
                + " \"per_filter_config\": {\"payload_limit\": {\"http_status\": 1000}, \"fault\": {\"abort\": {\"percentage\": 50}}}}";
        InvalidConfigException error = assertThrows(InvalidConfigException.class, () -> RunningMosn.start(
                ProxyConfigs.auto(filters, ProxyConfigs.virtualHost(routes), ProxyConfigs.cluster("c", "127.0.0.1:9"))));
        List<String> messages = error.problems().stream().map(ConfigException::getMessage).sorted().toList();
        String listener = "servers[0].listeners[0].stream_filters";
        String route = "servers[0].routers[0].virtual_hosts[0].routers[0].per_filter_config";
        assertEquals(List.of(
                listener + "[0].config.delay.fixed_delay: invalid duration \"soon\" (expected a Go duration such as "
                        + "\"30s\", \"500ms\" or \"1m30s\")",
                listener + "[1].config.ips[0].addrs[0]: expected a prefix length from 0 to 32 after \"/\" in \"10.0.0.0/40\"",
                listener + "[2].config.max_entity_size: expected an integer, got string \"1MB\"",
                listener + "[3].config.gzip_level: expected a level from 1 (fastest) to 9 (smallest), or 0 for the default 6, got 12",
                listener + "[4].config.cluster: cluster \"nowhere\" is not defined (defined: c); add it to cluster_manager.clusters",
                route + ".fault.abort.status: expected the status to answer with, such as 503, got nothing",
                route + ".payload_limit.http_status: expected an HTTP status from 200 to 599, got 1000"),
                messages, String.join("\n", messages));
    }
}
