package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin whose stream filter throws, installed into the unpacked distribution next to the bundled ones: the
 * failing request alone gets 500 (or a reset once its response has started), the connection serves the next
 * request, HTTP/2 streams fail alone, and a burst of failures logs one stack trace.
 */
@Timeout(180)
class FiltersIsolationIT {

    @TempDir
    Path dir;

    private static String config(int backendPort) {
        return """
                {
                  "servers": [{
                    "default_log_path": "stdout",
                    "graceful_timeout": "5s",
                    "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                      "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backend"}}]}]}],
                    "listeners": [{
                      "name": "isolation", "address": "127.0.0.1:0", "bind_port": true,
                      "stream_filters": [{"type": "throwing"}, {"type": "gzip"}],
                      "filter_chains": [{"filters": [{"type": "proxy", "config": {"downstream_protocol": "Auto",
                        "upstream_protocol": "Http1", "router_config_name": "r"}}]}]
                    }]
                  }],
                  "cluster_manager": {"clusters": [
                    {"name": "backend", "type": "SIMPLE", "hosts": [{"address": "127.0.0.1:%d"}]}]},
                  "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
                }
                """.formatted(backendPort);
    }

    /** Packs {@link FiltersThrowingFilterFactory} as a PF4J plugin jar into the distribution's plugins/. */
    private static void installThrowingPlugin(Distribution dist) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(new Attributes.Name("Plugin-Id"), "throwing-filter");
        main.put(new Attributes.Name("Plugin-Version"), "1.0.0");
        main.put(new Attributes.Name("Plugin-Provider"), "mosn4j tests");
        String className = FiltersThrowingFilterFactory.class.getName();
        String packagePath = className.substring(0, className.lastIndexOf('.')).replace('.', '/');
        Path classes;
        try {
            classes = Path.of(FiltersThrowingFilterFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve(packagePath);
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dist.resolve("plugins/throwing-filter.jar")),
                manifest);
             Stream<Path> files = Files.list(classes)) {
            jar.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            jar.write((className + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(
                    FiltersThrowingFilterFactory.class.getSimpleName())).toList()) {
                jar.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
    }

    private Tools.Result curl(String curl, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(curl, "-sS", "--max-time", "20"));
        command.addAll(List.of(arguments));
        return Tools.run(dir, Duration.ofSeconds(30), command.toArray(String[]::new));
    }

    @Test
    void aThrowingFilterFailsOnlyItsOwnStream() throws Exception {
        String curl = Tools.tool("curl");
        String h2load = Tools.tool("h2load");
        Distribution dist = Distribution.unpack(dir);
        installThrowingPlugin(dist);
        try (FiltersBackend backend = new FiltersBackend("backend");
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("isolation.json", config(backend.port())).toString())) {
            String base = "http://127.0.0.1:" + mosn.listenerPort("isolation");
            mosn.awaitStarted();

            // A burst: twenty failing requests, one stack trace.
            List<String> burst = new ArrayList<>(List.of("-w", "%{http_code}\\n"));
            for (int i = 0; i < 20; i++) {
                burst.addAll(List.of("-o", "/dev/null", base + "/burst" + i + "?throw=request-headers"));
            }
            Tools.Result statuses = curl(curl, burst.toArray(String[]::new));
            assertEquals(0, statuses.exitCode(), statuses.output());
            assertEquals("500\n".repeat(20), statuses.output());
            mosn.awaitLine(l -> l.contains(FiltersThrowingFilterFactory.MESSAGE), Duration.ofSeconds(10));
            String output = mosn.output();
            assertEquals(1, output.lines().filter(l -> l.contains("IllegalStateException: " + FiltersThrowingFilterFactory.MESSAGE)).count(),
                    output);
            assertTrue(output.contains("threw from onHeaders; the stream is answered 500, the connection and its other "
                    + "streams go on"), output);

            // The failed request's connection serves the next one (curl reuses it: no new connect).
            Tools.Result reuse = curl(curl, "-w", "%{http_code} %{num_connects}\\n", "-o", "/dev/null",
                    base + "/a?throw=request-headers", "-o", "/dev/null", base + "/b");
            assertEquals("500 1\n200 0\n", reuse.output());

            // Once the response has started, the stream is reset; the next request is served.
            Tools.Result reset = curl(curl, "-o", "/dev/null", "--compressed", base + "/text?throw=response-data");
            assertNotEquals(0, reset.exitCode(), "curl got a whole response: " + reset.output());
            assertEquals("hello from backend", curl(curl, base + "/").output());

            // HTTP/2: failing and good streams side by side on one connection.
            Tools.Result h2 = Tools.run(dir, Duration.ofSeconds(60), h2load, "-n", "40", "-c", "1", "-m", "4",
                    base + "/h2?throw=request-headers", base + "/h2-ok");
            assertEquals(0, h2.exitCode(), h2.output());
            assertTrue(h2.output().contains("requests: 40 total, 40 started, 40 done"), h2.output());
            assertTrue(h2.output().contains("status codes: 20 2xx, 0 3xx, 0 4xx, 20 5xx"), h2.output());
            assertTrue(h2.output().contains("0 failed, 0 errored"), h2.output());

            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
        }
    }
}
