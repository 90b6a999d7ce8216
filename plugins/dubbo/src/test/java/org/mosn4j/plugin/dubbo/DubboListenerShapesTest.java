package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.kernel.config.InvalidConfigException;

/**
 * The listener shapes that reach the dubbo protocol besides {@code "downstream_protocol": "dubbo"}: {@code Auto}
 * detection next to HTTP/1.1, and MOSN's {@code X} with {@code sub_protocol} {@code dubbo}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DubboListenerShapesTest {

    private static String listener(String name, String proxyConfig) {
        return """
                {"name": "%s", "address": "127.0.0.1:0", "bind_port": true,
                 "filter_chains": [{"filters": [{"type": "proxy", "config": %s}]}]}
                """.formatted(name, proxyConfig);
    }

    private static String config(int providerPort, String... listeners) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "all", "domains": ["*"],
                      "routers": [
                        {"match": {"headers": [{"name": "service", "value": ".*"}]}, "route": {"cluster_name": "provider"}},
                        {"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": "plain http"}}
                      ]}]}],
                    "listeners": [%s]
                  }],
                  "cluster_manager": {"clusters": [{"name": "provider", "type": "SIMPLE", "lb_type": "LB_RANDOM",
                    "max_request_per_conn": 1024, "hosts": [{"address": "127.0.0.1:%d"}]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(String.join(",", listeners), providerPort);
    }

    @Test
    void autoDetectionAndMosnsXProtocolBothCarryDubbo() throws Exception {
        Greeter greeter = new Greeter("provider");
        try (DubboPeers.Provider provider = new DubboPeers.Provider("mosn4j-shapes-provider")) {
            int providerPort = provider.export(GreetingService.class, greeter, s -> {
            });
            provider.start();
            String json = config(providerPort,
                    listener("auto", "{\"downstream_protocol\": \"Auto\", \"router_config_name\": \"r\"}"),
                    listener("x", "{\"downstream_protocol\": \"X\", \"upstream_protocol\": \"X\", "
                            + "\"router_config_name\": \"r\", \"extend_config\": {\"sub_protocol\": \"dubbo\"}}"));
            try (RunningMosn mosn = RunningMosn.start(json);
                 DubboPeers.Client client = new DubboPeers.Client("mosn4j-shapes-consumer")) {
                int auto = mosn.listener("auto").getPort();
                int x = mosn.listener("x").getPort();
                assertEquals("provider: hello auto",
                        client.reference(GreetingService.class, auto, r -> {
                        }).sayHello("auto"));
                assertEquals("provider: hello x",
                        client.reference(GreetingService.class, x, r -> {
                        }).sayHello("x"));

                HttpResponse<String> http = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + auto + "/")).timeout(Duration.ofSeconds(10))
                                .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, http.statusCode());
                assertEquals("plain http", http.body());
            }
        }
    }

    @Test
    void xRefusesOtherSubProtocols() {
        String json = config(20880, listener("x", "{\"downstream_protocol\": \"X\", \"router_config_name\": \"r\", "
                + "\"extend_config\": {\"sub_protocol\": \"bolt\"}}"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> RunningMosn.start(json).close());
        assertTrue(e.getMessage().contains("extend_config.sub_protocol"), e.getMessage());
        assertTrue(e.getMessage().contains("only sub_protocol \"dubbo\""), e.getMessage());
    }
}
