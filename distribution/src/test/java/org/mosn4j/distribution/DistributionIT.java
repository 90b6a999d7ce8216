package org.mosn4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the unpacked tarball the way users do: bin/start.sh, plugins loaded from plugins/ jars. */
@Timeout(180)
class DistributionIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void tarballHasTheDocumentedLayoutAndPluginJarsCarryTheirIndex() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        for (String entry : List.of("bin/start.sh", "bin/stop.sh", "conf/mosn4j.json", "lib", "plugins", "logs")) {
            assertTrue(Files.exists(dist.resolve(entry)), entry + " is missing");
        }
        assertTrue(Files.isExecutable(dist.resolve("bin/start.sh")));
        List<Path> jars;
        try (Stream<Path> files = Files.list(dist.resolve("plugins"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        assertFalse(jars.isEmpty(), "no plugin jar in plugins/");
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                assertTrue(file.getEntry("META-INF/extensions.idx") != null, jar + " has no META-INF/extensions.idx");
                assertTrue(file.getManifest().getMainAttributes().getValue("Plugin-Id") != null, jar + " has no Plugin-Id");
            }
        }
    }

    @Test
    void defaultConfigServesTheHttpDemoAndTheTcpProxyWithoutABackend() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        for (int port : new int[] {2045, 2046, 34901}) {
            assertPortFree(port);
        }
        try (Mosn4jProcess mosn = dist.start()) {
            mosn.awaitStarted();
            assertTrue(curl("http://127.0.0.1:2045/").startsWith("Welcome to mosn4j!"));
            assertTrue(curl("--http2-prior-knowledge", "http://127.0.0.1:2045/").startsWith("Welcome to mosn4j!"));
            String version = "mosn4j version: " + System.getProperty("mosn4j.version");
            assertEquals(version, curl("http://127.0.0.1:2045/api/v1/version"));
            assertEquals(version, curl("http://127.0.0.1:2046/api/v1/version"));
            String stats = get("http://127.0.0.1:34901/api/v1/stats?key=downstream.listener.http_demo").body();
            assertTrue(stats.contains("\"request_200_total\" : \"3\""), stats);
            mosn.terminate();
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(40)));
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
            String accessLog = Files.readString(dist.resolve("logs/access.log"));
            assertEquals(3, accessLog.lines().count(), accessLog);
        }
    }

    @Test
    void removingThePluginJarGivesTheMissingPluginErrorAndBindsNothing() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (Stream<Path> files = Files.list(dist.resolve("plugins"))) {
            for (Path jar : files.toList()) {
                Files.delete(jar);
            }
        }
        try (Mosn4jProcess mosn = dist.start()) {
            assertEquals(2, mosn.awaitExit(Duration.ofSeconds(60)));
            String output = mosn.output();
            assertTrue(output.contains("servers[0].listeners[0].filter_chains[0].filters[0].config.downstream_protocol: "
                    + "\"Auto\" detects among the installed protocols, and no protocol plugin is installed"), output);
            assertTrue(output.contains("servers[0].listeners[1].filter_chains[0].filters[0].type: no plugin provides "
                    + "network filter type \"tcp_proxy\" (installed: connection_manager, proxy); put its plugin jar in "
                    + dist.resolve("plugins").toRealPath()), output);
            assertFalse(output.contains("listening on"), output);
        }
    }

    @Test
    void sigtermStopsAcceptingAndDrainsOpenConnections() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (EchoServer echo = new EchoServer();
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("drain.json",
                     TcpConfigs.tcpProxy("60s", echo.port())).toString())) {
            int port = mosn.listenerPort("tcp");
            mosn.awaitStarted();
            try (Socket held = connect(port)) {
                assertEquals("before", roundTrip(held, "before"));
                mosn.terminate();
                mosn.awaitLine(l -> l.contains("graceful stop: no new connections"), Duration.ofSeconds(30));
                assertThrows(ConnectException.class, () -> connect(port).close());
                assertEquals("during drain", roundTrip(held, "during drain"));
                assertTrue(mosn.isAlive());
            }
            assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
            assertTrue(mosn.output().contains("graceful stop: all connections finished"), mosn.output());
            assertFalse(mosn.output().contains("LEAK:"), mosn.output());
        }
    }

    @Test
    void gracefulTimeoutClosesConnectionsThatOutstayIt() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (EchoServer echo = new EchoServer();
             Mosn4jProcess mosn = dist.start("-c", dist.writeConfig("short.json",
                     TcpConfigs.tcpProxy("1s", echo.port())).toString())) {
            int port = mosn.listenerPort("tcp");
            mosn.awaitStarted();
            try (Socket held = connect(port)) {
                assertEquals("hello", roundTrip(held, "hello"));
                mosn.terminate();
                assertEquals(0, mosn.awaitExit(Duration.ofSeconds(30)));
                assertEquals(-1, readOrEof(held.getInputStream()));
            }
            assertTrue(mosn.output().contains("graceful_timeout 1s passed with 1 connection(s) open"), mosn.output());
        }
    }

    /** The log goes to a file of the config's choosing: start.sh still sees the start through the ready file. */
    @Test
    void daemonModeWritesThePidFileAndStopShWaitsForTheExit() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        Path logFile = dir.resolve("daemon-mosn.log");
        try (EchoServer echo = new EchoServer()) {
            Path config = dist.writeConfig("daemon.json", TcpConfigs.tcpProxy("5s", echo.port())
                    .replace("\"default_log_path\": \"stdout\"", "\"default_log_path\": \"" + logFile + "\""));
            Process start = new ProcessBuilder(dist.resolve("bin/start.sh").toString(), "-d", "-c", config.toString())
                    .redirectErrorStream(true).start();
            String startOutput = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, start.waitFor(), startOutput);
            assertTrue(startOutput.contains("mosn4j started (pid"), startOutput);
            Path pidFile = dist.resolve("logs/mosn4j.pid");
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(Long.toString(pid), Files.readString(dist.resolve("logs/mosn4j.ready")).trim());
            Process stop = new ProcessBuilder(dist.resolve("bin/stop.sh").toString()).redirectErrorStream(true).start();
            String stopOutput = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, stop.waitFor(), stopOutput);
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertFalse(Files.exists(pidFile));
            assertFalse(Files.exists(dist.resolve("logs/mosn4j.ready")));
            String log = Files.readString(logFile);
            assertTrue(log.contains("mosn4j stopped"), log);
            assertFalse(log.contains("LEAK:"), log);
            assertFalse(Files.readString(dist.resolve("logs/stdout.log")).contains("LEAK:"));
        }
    }

    @Test
    void theFirstStartRecordsAClassDataArchiveThatTheNextStartMaps() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        try (EchoServer echo = new EchoServer()) {
            Path config = dist.writeConfig("cds.json", TcpConfigs.tcpProxy("5s", echo.port()));
            Path archive = dist.resolve("logs/mosn4j.jsa");
            for (int run = 1; run <= 2; run++) {
                Process start = new ProcessBuilder(dist.resolve("bin/start.sh").toString(), "-d", "-c", config.toString())
                        .redirectErrorStream(true).start();
                String startOutput = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, start.waitFor(), startOutput);
                long pid = Long.parseLong(Files.readString(dist.resolve("logs/mosn4j.pid")).trim());
                String maps = Files.readString(Path.of("/proc/" + pid + "/maps"));
                if (run == 1) {
                    assertFalse(Files.exists(archive), "no archive before the first exit");
                } else {
                    assertTrue(maps.contains(archive.toString()), "the second start maps " + archive);
                }
                Process stop = new ProcessBuilder(dist.resolve("bin/stop.sh").toString()).redirectErrorStream(true).start();
                String stopOutput = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, stop.waitFor(), stopOutput);
                String output = Files.readString(dist.resolve("logs/stdout.log"));
                assertFalse(output.contains("[warning][cds"), output);
                assertTrue(Files.size(dist.resolve(run == 1 ? "logs/mosn4j.jsa.pending" : "logs/mosn4j.jsa")) > 0);
            }
        }
    }

    @Test
    void daemonModeReportsAFailedStartWithItsExitCodeAndError() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        Path config = dist.writeConfig("bad-daemon.json", TcpConfigs.tcpProxy("5s", 1).replace("\"STATIC\"", "\"EDS\""));
        Process start = new ProcessBuilder(dist.resolve("bin/start.sh").toString(), "-d", "-c", config.toString())
                .redirectErrorStream(true).start();
        String output = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, start.waitFor(), output);
        assertTrue(output.contains("mosn4j: failed to start (exit 2)"), output);
        assertTrue(output.contains("cluster_manager.clusters[0].type: cluster type \"EDS\" is not supported"), output);
        assertFalse(Files.exists(dist.resolve("logs/mosn4j.pid")));
    }

    @Test
    void aBadConfigFailsBeforeBindingWithItsPath() throws Exception {
        Distribution dist = Distribution.unpack(dir);
        Path config = dist.writeConfig("bad.json", TcpConfigs.tcpProxy("5s", 1).replace("\"address\": \"127.0.0.1:0\"",
                "\"address\": \"127.0.0.1:http\""));
        try (Mosn4jProcess mosn = dist.start("-c", config.toString())) {
            assertEquals(2, mosn.awaitExit(Duration.ofSeconds(60)));
            assertTrue(mosn.output().contains("servers[0].listeners[0].address: port \"http\" in \"127.0.0.1:http\" is not a number"),
                    mosn.output());
            assertFalse(mosn.output().contains("listening on"), mosn.output());
        }
    }

    private static void assertPortFree(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            throw new AssertionError("port " + port + " is in use; the default config needs it");
        } catch (IOException expected) {
            // nothing listens there
        }
    }

    /** Fetches with curl when installed (required under CI), else with a one-shot HTTP/1.1 request. */
    private static String curl(String... optionsAndUri) throws IOException, InterruptedException {
        String uri = optionsAndUri[optionsAndUri.length - 1];
        boolean ci = "true".equals(System.getenv("CI"));
        if (ci || new ProcessBuilder("sh", "-c", "command -v curl").start().waitFor() == 0) {
            List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
            command.addAll(List.of(optionsAndUri));
            Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, curl.waitFor(), out);
            return out;
        }
        if (optionsAndUri.length > 1) {
            org.junit.jupiter.api.Assumptions.abort("curl is not installed; it is needed for " + List.of(optionsAndUri));
        }
        System.out.println("curl is not installed; using a plain HTTP/1.1 request instead");
        URI parsed = URI.create(uri);
        try (Socket socket = connect(parsed.getPort())) {
            socket.getOutputStream().write(("GET " + parsed.getRawPath() + " HTTP/1.1\r\nHost: " + parsed.getHost()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
    }

    private static int readOrEof(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (java.net.SocketException e) {
            return -1;
        }
    }
}
