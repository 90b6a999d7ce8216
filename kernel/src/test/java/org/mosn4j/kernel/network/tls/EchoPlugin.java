package org.mosn4j.kernel.network.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.kernel.plugin.TestPluginJar;

/** Starts an in-process mosn4j whose plugins directory holds the {@code tls_test_echo} filter. */
final class EchoPlugin {

    private EchoPlugin() {
    }

    /**
     * @param dir a directory of the test's
     * @param json the config
     * @return the started server; stop it with {@link Mosn4jServer#stopNow()}
     */
    static Mosn4jServer start(Path dir, String json) throws Exception {
        Path plugins = dir.resolve("plugins");
        if (!Files.isDirectory(plugins)) {
            Files.createDirectories(plugins);
            TestPluginJar.plugin("tls-test-echo").extension(EchoFilterFactory.class)
                    .writeTo(plugins, "tls-test-echo.jar");
        }
        Mosn4jServer server = Mosn4jServer.prepare(ConfigLoader.parse(json, null), PluginHost.load(plugins));
        server.start();
        return server;
    }
}
