package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MOSN's dubbo example, unchanged: a client-side and a server-side mosn4j started from the tarball with MOSN's
 * own config files (listeners on 2045 and 2046), an Apache Dubbo provider on 127.0.0.1:20880, and an Apache
 * Dubbo consumer calling port 2045 through both.
 *
 * <p>The consumer names the proxy {@code mosn4j-proxy.test} and the provider binds {@code dubbo-provider.test},
 * both 127.0.0.1 in the hosts file this test's JVM uses (see the failsafe execution {@code dubbo-it}): Dubbo would
 * replace a literal 127.0.0.1 with the machine's network address.
 */
@Timeout(180)
class DubboDistributionIT {

    private static final String CLIENT_CONFIG = "mosn-dubbo-client_config.json";
    private static final String SERVER_CONFIG = "mosn-dubbo-server_config.json";

    @TempDir
    Path dir;

    @Test
    void callsCrossBothProxiesToTheProvider() throws Exception {
        Path reference = Path.of(System.getProperty("mosn4j.reference.dir", "../../shared/reference"));
        if (!Files.isDirectory(reference)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("MOSN's sample configs are missing at " + reference.toAbsolutePath());
            }
            Assumptions.abort("MOSN's sample configs are not at " + reference.toAbsolutePath());
        }
        Distribution dist = Distribution.unpack(dir);
        assertPluginShippedAlone(dist);
        for (String config : List.of(CLIENT_CONFIG, SERVER_CONFIG)) {
            try (Mosn4jProcess check = dist.start("--check", "-c", reference.resolve(config).toAbsolutePath().toString())) {
                assertEquals(0, check.awaitExit(Duration.ofSeconds(60)), check.output());
            }
        }

        DubboBootstrap provider = provider();
        DubboBootstrap consumer = null;
        try (Mosn4jProcess server = dist.start("-c", reference.resolve(SERVER_CONFIG).toAbsolutePath().toString());
             Mosn4jProcess client = dist.start("-c", reference.resolve(CLIENT_CONFIG).toAbsolutePath().toString())) {
            server.awaitStarted();
            client.awaitStarted();
            consumer = DubboBootstrap.newInstance();
            ReferenceConfig<DubboGreetingService> greeting = new ReferenceConfig<>();
            greeting.setInterface(DubboGreetingService.class);
            greeting.setUrl("dubbo://mosn4j-proxy.test:2045?serialization=hessian2&prefer.serialization=hessian2");
            greeting.setParameters(new java.util.HashMap<>(Map.of("serialization", "hessian2",
                    "prefer.serialization", "hessian2")));
            greeting.setTimeout(10_000);
            greeting.setRetries(0);
            greeting.setCheck(false);
            greeting.setConnections(4);
            consumer.application(application("mosn4j-dist-consumer"))
                    .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE)).reference(greeting).start();
            DubboGreetingService service = greeting.get();

            assertEquals("hello mosn", service.sayHello("mosn"));
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String name = "n" + i;
                    results.add(callers.submit(() -> service.sayHello(name)));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertEquals("hello n" + i, results.get(i).get(30, TimeUnit.SECONDS));
                }
            } finally {
                callers.shutdownNow();
            }

            consumer.stop();
            consumer = null;
            client.terminate();
            server.terminate();
            assertEquals(0, client.awaitExit(Duration.ofSeconds(40)));
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            assertFalse(client.output().contains("LEAK:"), client.output());
            assertFalse(server.output().contains("LEAK:"), server.output());
        } finally {
            if (consumer != null) {
                consumer.stop();
            }
            provider.stop();
        }
    }

    /** The plugin jar is in plugins/ and carries hessian-lite; lib/ has no copy. */
    private static void assertPluginShippedAlone(Distribution dist) throws Exception {
        try (Stream<Path> plugins = Files.list(dist.resolve("plugins"));
             Stream<Path> lib = Files.list(dist.resolve("lib"))) {
            assertTrue(plugins.anyMatch(p -> p.getFileName().toString().startsWith("mosn4j-plugin-dubbo-")));
            assertTrue(lib.noneMatch(p -> p.getFileName().toString().contains("hessian")));
        }
    }

    /** A provider of {@link DubboGreetingService} on 127.0.0.1:20880, where MOSN's server config sends calls. */
    private static DubboBootstrap provider() {
        ProtocolConfig protocol = new ProtocolConfig("dubbo", 20880);
        protocol.setHost("dubbo-provider.test");
        protocol.setSerialization("hessian2");
        protocol.setPreferSerialization("hessian2");
        ServiceConfig<DubboGreetingService> service = new ServiceConfig<>();
        service.setInterface(DubboGreetingService.class);
        service.setRef(name -> "hello " + name);
        service.setProtocol(protocol);
        DubboBootstrap bootstrap = DubboBootstrap.newInstance();
        bootstrap.application(application("mosn4j-dist-provider")).registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
                .protocol(protocol).service(service).start();
        return bootstrap;
    }

    private static ApplicationConfig application(String name) {
        ApplicationConfig application = new ApplicationConfig(name);
        application.setQosEnable(false);
        application.setRegisterMode("interface");
        return application;
    }
}
