package org.mosn4j.kernel.upstream.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.build;
import static org.mosn4j.kernel.upstream.health.HealthCheckTests.cluster;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.network.Transport;
import org.mosn4j.kernel.upstream.DefaultClusterManager;
import org.mosn4j.kernel.upstream.DefaultHost;

/** The server's health checks: one checker per checked cluster on a thread of their own, gone after stop. */
@Timeout(30)
class HealthCheckServiceTest {

    private static List<Thread> healthThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mosn4j-health") && t.isAlive()).toList();
    }

    @Test
    void checksTheClustersThatAskAndLeavesNoThreadAfterStop() throws Exception {
        try (HttpBackend backend = new HttpBackend()) {
            String host = "127.0.0.1:" + backend.port();
            HealthCheckTests.Built built = build(String.join(", ",
                    cluster("checked", "{\"protocol\": \"http\", \"interval\": \"20ms\", \"initial_delay_seconds\": 0}",
                            host),
                    cluster("unchecked", "null", host),
                    cluster("no-hosts", "{\"protocol\": \"http\"}")));
            assertEquals(List.of(), built.problems());
            DefaultClusterManager clusters = built.clusters();
            HealthCheckService service = HealthCheckService.start(clusters, Transport.detect());
            assertEquals(List.of(clusters.staticCluster("checked")),
                    service.checkers().stream().map(HealthChecker::cluster).toList());
            DefaultHost checked = clusters.staticCluster("checked").hosts().get(0);
            Eventually.await(Duration.ofSeconds(10), () -> checked.health().passed() >= 2, () -> "two checks passed");
            assertEquals(1, healthThreads().size(), healthThreads().toString());
            service.stop();
            // The loop has terminated when stop returns; its thread is on its way out.
            Eventually.await(Duration.ofSeconds(5), () -> healthThreads().isEmpty(),
                    () -> "the health check thread ended: " + healthThreads());
            assertEquals(0, clusters.staticCluster("unchecked").hosts().get(0).health().passed());
            service.stop();
        }
    }

    @Test
    void withoutHealthChecksNoThreadStarts() throws Exception {
        HealthCheckTests.Built built = build(cluster("c", "{}", "127.0.0.1:8080"));
        HealthCheckService service = HealthCheckService.start(built.clusters(), Transport.detect());
        assertTrue(service.checkers().isEmpty());
        assertEquals(List.of(), healthThreads());
        service.stop();
    }
}
