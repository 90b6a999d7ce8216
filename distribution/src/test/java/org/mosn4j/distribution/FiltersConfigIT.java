package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A bad field in each bundled filter's config (and in a per_filter_config) stops startup with exit 2, naming its path. */
@Timeout(120)
class FiltersConfigIT {

    @TempDir
    Path dir;

    @Test
    void eachFiltersConfigErrorIsReportedByPath() throws Exception {
        String config = """
                {
                  "servers": [{
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                      "per_filter_config": {"gzip": {"content_types": ["html"]}},
                      "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "c"},
                        "per_filter_config": {"mirror": {"cluster": "c", "percent": 101}}}]}]}],
                    "listeners": [{
                      "name": "bad", "address": "127.0.0.1:0",
                      "stream_filters": [
                        {"type": "fault", "config": {"abort": {"status": "503"}}},
                        {"type": "ip_access", "config": {"default_action": "block"}},
                        {"type": "payload_limit", "config": {"max_entity_size": -1}},
                        {"type": "gzip", "config": {"content_length": "big"}},
                        {"type": "mirror", "config": {"timeout": "soon", "cluster": "c"}}
                      ],
                      "filter_chains": [{"filters": [{"type": "proxy",
                        "config": {"downstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [{"name": "c", "hosts": [{"address": "127.0.0.1:9"}]}]}
                }
                """;
        Distribution dist = Distribution.unpack(dir);
        try (Mosn4jProcess check = dist.start("--check", "-c", dist.writeConfig("bad.json", config).toString())) {
            assertEquals(2, check.awaitExit(Duration.ofSeconds(60)), check.output());
            String output = check.output();
            String filters = "servers[0].listeners[0].stream_filters";
            String vhost = "servers[0].routers[0].virtual_hosts[0]";
            for (String expected : new String[] {
                    filters + "[0].config.abort.status: expected an integer, got string \"503\"",
                    filters + "[1].config.default_action: expected \"allow\" or \"deny\", got \"block\"",
                    filters + "[2].config.max_entity_size: expected a size in bytes (0 for no limit), got -1",
                    filters + "[3].config.content_length: expected an integer, got string \"big\"",
                    filters + "[4].config.timeout: invalid duration \"soon\"",
                    vhost + ".per_filter_config.gzip.content_types[0]: expected a media type such as \"text/html\" or "
                            + "\"text/*\", got \"html\"",
                    vhost + ".routers[0].per_filter_config.mirror.percent: expected a percentage from 0 to 100, got 101"}) {
                assertTrue(output.contains(expected), "missing \"" + expected + "\" in:\n" + output);
            }
        }
    }
}
