package org.mosn4j.plugin.filters.faulttolerance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.plugin.filters.common.ProxyConfigs;
import org.mosn4j.plugin.filters.flowcontrol.DubboPeers;
import org.mosn4j.plugin.filters.flowcontrol.Greeting;

/** fault_tolerance on Dubbo: calls stop going to a provider that cannot be reached once it is ejected. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FaultToleranceDubboTest {

    @Test
    void callsMoveToTheReachableProvider() throws Exception {
        String filter = """
                {"type": "fault_tolerance", "config": {"enabled": true, "consecutiveExceptions": 2, "recoverTime": "1m"}}
                """;
        String route = "{\"match\": {\"headers\": [{\"name\": \"service\", \"value\": \"" + Greeting.class.getName()
                + "\"}]}, \"route\": {\"cluster_name\": \"c\"}}";
        String dead = "127.0.0.1:" + DubboPeers.freePort();
        try (DubboPeers.Provider provider = new DubboPeers.Provider("a")) {
            String cluster = "{\"name\": \"c\", \"type\": \"SIMPLE\", \"lb_type\": \"LB_ROUNDROBIN\", \"hosts\": [{\"address\": \""
                    + provider.address() + "\"}, {\"address\": \"" + dead + "\"}]}";
            try (RunningMosn mosn = RunningMosn.start(ProxyConfigs.config("ft-dubbo", "dubbo", filter,
                    ProxyConfigs.virtualHost(route), cluster));
                 DubboPeers.Consumer consumer = new DubboPeers.Consumer("ft", mosn.listener("ft-dubbo").getPort())) {
                List<String> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    try {
                        results.add(consumer.greeting().greet("n" + i));
                    } catch (RpcException e) {
                        results.add("failed");
                    }
                }
                assertEquals(2, results.stream().filter("failed"::equals).count(), results.toString());
                assertEquals(List.of("a: hello n4", "a: hello n5", "a: hello n6", "a: hello n7"), results.subList(4, 8));
            }
        }
    }
}
