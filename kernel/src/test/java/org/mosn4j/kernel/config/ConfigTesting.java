package org.mosn4j.kernel.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.spi.config.ConfigException;

/** Loads the test configs under {@code configs/} and runs the startup checks on them without binding. */
final class ConfigTesting {

    /** Every config under {@code src/test/resources/configs}. */
    static final List<String> RESOURCE_CONFIGS = List.of(
            "connection-manager.json",
            "dubbo-proxy.json",
            "http-routers.json",
            "tcp-only.json",
            "tcp-proxy.json");

    private ConfigTesting() {
    }

    static Path resource(String name) {
        URL url = ConfigTesting.class.getResource("/configs/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource configs/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static LoadedConfig loadResource(String name) throws InvalidConfigException {
        return ConfigLoader.load(resource(name));
    }

    /**
     * Runs {@link Mosn4jServer#prepare} with the extensions of the kernel's classpath and an empty plugins
     * directory, expecting it to fail.
     *
     * @return every problem it reported
     */
    static List<ConfigException> prepareProblems(LoadedConfig config, Path emptyPluginsDir) throws Exception {
        PluginHost host = PluginHost.load(emptyPluginsDir);
        try {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> Mosn4jServer.prepare(config, host));
            return e.problems();
        } finally {
            host.stop();
        }
    }

    /** Parses {@code json} (which must bind) and returns what prepare reports about it. */
    static List<ConfigException> prepareProblems(String json, Path emptyPluginsDir) throws Exception {
        return prepareProblems(ConfigLoader.parse(json, null), emptyPluginsDir);
    }

    /** @return the problems of a config that fails to parse or bind */
    static List<ConfigException> parseProblems(String json) {
        return assertThrows(InvalidConfigException.class, () -> ConfigLoader.parse(json, null)).problems();
    }

    static List<String> paths(List<ConfigException> problems) {
        return problems.stream().map(ConfigException::path).toList();
    }

    /** The missing-plugin message for a protocol, with no protocol plugin installed. */
    static String missingProtocol(String protocol, Path pluginsDir) {
        return "no plugin provides protocol type \"" + protocol + "\" (installed: none); put its plugin jar in "
                + pluginsDir.toAbsolutePath().normalize();
    }

    /** What {@code "Auto"} reports when no protocol plugin is installed. */
    static String autoWithoutProtocols(Path pluginsDir) {
        return "\"Auto\" detects among the installed protocols, and no protocol plugin is installed; put a protocol "
                + "plugin jar (such as Http1) in " + pluginsDir.toAbsolutePath().normalize();
    }

    /** @return the path of a filter's config key, such as its {@code downstream_protocol} */
    static String filterConfigPath(int listener, int filter, String key) {
        return "servers[0].listeners[" + listener + "].filter_chains[0].filters[" + filter + "].config." + key;
    }
}
