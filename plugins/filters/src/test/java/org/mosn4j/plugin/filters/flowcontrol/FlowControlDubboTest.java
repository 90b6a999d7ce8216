package org.mosn4j.plugin.filters.flowcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.plugin.filters.common.ProxyConfigs;

/**
 * flowControlFilter on Dubbo: a real consumer calls a real provider through the proxy; calls over the rule's
 * limit come back to the consumer as Dubbo errors carrying the configured message, and never reach the provider.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FlowControlDubboTest {

    private static final String RESOURCE = "/" + Greeting.class.getName() + "/greet";

    @Test
    void callsOverTheLimitGetADubboErrorWithTheConfiguredMessage() throws Exception {
        String filter = """
                {"type": "flowControlFilter", "config": {"global_switch": true, "log_path": "%s",
                  "action": {"status": 429, "body": "too many greetings"},
                  "rules": [{"resource": "%s", "grade": 1, "threshold": 2}]}}
                """.formatted(FlowControlProxyTest.SENTINEL_LOGS, RESOURCE);
        String route = "{\"match\": {\"headers\": [{\"name\": \"service\", \"value\": \"" + Greeting.class.getName()
                + "\"}]}, \"route\": {\"cluster_name\": \"provider\"}}";
        try (DubboPeers.Provider provider = new DubboPeers.Provider("p");
             RunningMosn mosn = RunningMosn.start(ProxyConfigs.config("fc-dubbo", "dubbo", filter,
                     ProxyConfigs.virtualHost(route), ProxyConfigs.cluster("provider", provider.address())));
             DubboPeers.Consumer consumer = new DubboPeers.Consumer("fc", mosn.listener("fc-dubbo").getPort())) {
            List<String> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                try {
                    results.add(consumer.greeting().greet("n" + i));
                } catch (RpcException e) {
                    assertTrue(e.getMessage().contains("too many greetings"), e.getMessage());
                    results.add("limited");
                }
            }
            long passed = results.stream().filter(r -> r.startsWith("p: hello")).count();
            assertEquals(results.size(), passed + results.stream().filter("limited"::equals).count(), results.toString());
            if (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500)) {
                assertEquals(List.of("p: hello n0", "p: hello n1", "limited", "limited"), results);
            } else {
                assertTrue(passed >= 2 && passed <= 3, results.toString());
            }
        }
    }
}
