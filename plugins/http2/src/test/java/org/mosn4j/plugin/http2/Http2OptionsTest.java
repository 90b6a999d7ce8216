package org.mosn4j.plugin.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.protocol.Protocol;

/** HTTP/2 settings from a proxy filter's extend_config. */
class Http2OptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String config(String extendConfig) {
        return """
                {"servers": [{
                  "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "d", "domains": ["*"],
                     "routers": [{"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": "ok"}}]}]}],
                  "listeners": [{"name": "h2", "address": "127.0.0.1:0", "filter_chains": [{"filters": [{"type": "proxy",
                     "config": {"downstream_protocol": "Http2", "router_config_name": "r", "extend_config": %s}}]}]}]}]}
                """.formatted(extendConfig);
    }

    @Test
    void optionsSetTheAdvertisedLimits() throws Exception {
        Protocol configured = new Http2Protocol().withOptions(
                JSON.readTree("{\"max_concurrent_streams\": 7, \"initial_window_size\": 1048576}"), "x");
        assertEquals(7, configured.maxConcurrentStreams());
        try (RunningMosn mosn = RunningMosn.start(config("{\"Http2\": {\"max_concurrent_streams\": 250}}"))) {
            assertEquals(true, mosn.listener("h2").getPort() > 0);
        }
    }

    @Test
    void aBadOptionIsAConfigErrorWithItsPath() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> RunningMosn.start(config("{\"Http2\": {\"max_concurrent_streams\": 0}}")));
        ConfigException problem = e.problems().get(0);
        assertEquals("servers[0].listeners[0].filter_chains[0].filters[0].config.extend_config.Http2.max_concurrent_streams",
                problem.path());
        assertEquals("expected 1 or more, got 0", problem.problem());
    }

    @Test
    void theOtherProtocolsOptionsAreCheckedBesideIt() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> RunningMosn.start(config("{\"Http1\": {\"max_header_count\": 0}}")));
        assertEquals("servers[0].listeners[0].filter_chains[0].filters[0].config.extend_config.Http1.max_header_count",
                e.problems().get(0).path());
    }
}
