package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Plugin loading from plugins/ and MOSN's own sample configs, through bin/start.sh. */
@Timeout(180)
class PluginAndReferenceIT {

    @TempDir
    Path dir;

    @Test
    void twoPluginsClaimingOneTypeIsAStartupErrorNamingBoth() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        Path original = pluginJar(dist, "mosn4j-plugin-tcp-proxy-");
        copyWithPluginId(original, dist.resolve("plugins/tcp-proxy-copy.jar"), "tcp-proxy-copy");
        try (Mosn4jProcess mosn = dist.start("--check")) {
            assertEquals(2, mosn.awaitExit(Duration.ofSeconds(60)));
            String output = mosn.output();
            assertTrue(output.contains("two plugins provide network filter type \"tcp_proxy\""), output);
            assertTrue(output.contains("(from tcp-proxy@"), output);
            assertTrue(output.contains("(from tcp-proxy-copy@"), output);
        }
    }

    @Test
    void everyMosnSampleConfigPassesTheCheck() throws Exception {
        Path reference = Path.of(System.getProperty("mosn4j.reference.dir", "../../shared/reference"));
        if (!Files.isDirectory(reference)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("MOSN's sample configs are missing at " + reference.toAbsolutePath());
            }
            Assumptions.abort("MOSN's sample configs are not at " + reference.toAbsolutePath());
        }
        List<Path> configs;
        try (Stream<Path> files = Files.list(reference)) {
            configs = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(configs.isEmpty());
        Distribution dist = Distribution.unpack(dir);
        for (Path config : configs) {
            try (Mosn4jProcess mosn = dist.start("--check", "-c", config.toAbsolutePath().toString())) {
                int exit = mosn.awaitExit(Duration.ofSeconds(60));
                assertEquals(0, exit, config + ":\n" + mosn.output());
                assertTrue(mosn.output().contains("is valid"), config + ":\n" + mosn.output());
            }
        }
    }

    @Test
    void sigintStopsAtOnceWithoutDraining() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (EchoServer echo = new EchoServer();
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("int.json",
                     TcpConfigs.tcpProxy("60s", echo.port())).toString())) {
            int port = mosn.listenerPort("tcp");
            mosn.awaitStarted();
            try (java.net.Socket held = new java.net.Socket("127.0.0.1", port)) {
                held.getOutputStream().write('x');
                assertEquals('x', held.getInputStream().read());
                mosn.signal("INT");
                assertEquals(0, mosn.awaitExit(Duration.ofSeconds(20)));
            }
            assertFalse(mosn.output().contains("graceful stop"), mosn.output());
            assertTrue(mosn.output().contains("mosn4j stopped"), mosn.output());
        }
    }

    private static Path pluginJar(Distribution dist, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dist.resolve("plugins"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertEquals(1, jars.size(), jars.toString());
            return jars.get(0);
        }
    }

    /** Copies a plugin jar, giving the copy another Plugin-Id. */
    private static void copyWithPluginId(Path source, Path target, String pluginId) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Plugin-Id"), pluginId);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                JarEntry entry;
                while ((entry = in.getNextJarEntry()) != null) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    copy(in, out);
                    out.closeEntry();
                }
            }
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
