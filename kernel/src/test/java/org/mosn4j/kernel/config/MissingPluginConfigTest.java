package org.mosn4j.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mosn4j.kernel.config.ConfigTesting.filterConfigPath;
import static org.mosn4j.kernel.config.ConfigTesting.missingProtocol;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.ServerState;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.spi.config.ConfigException;

/**
 * The test configs checked with only the kernel's own extensions: each fails for the plugins it needs and for
 * nothing else.
 */
class MissingPluginConfigTest {

    @TempDir
    Path plugins;

    private List<ConfigException> problems(String resource) throws Exception {
        return ConfigTesting.prepareProblems(ConfigTesting.loadResource(resource), plugins);
    }

    private String pluginsDir() {
        return plugins.toAbsolutePath().normalize().toString();
    }

    @Test
    void httpConfigFailsOnlyForItsProtocols() throws Exception {
        List<ConfigException> problems = problems("http-routers.json");
        assertEquals(List.of(
                        filterConfigPath(0, 0, "downstream_protocol"),
                        filterConfigPath(1, 0, "downstream_protocol"),
                        filterConfigPath(2, 0, "downstream_protocol")),
                ConfigTesting.paths(problems));
        assertEquals(missingProtocol("Http1", plugins), problems.get(0).problem());
        assertEquals(ConfigTesting.autoWithoutProtocols(plugins), problems.get(1).problem());
        assertEquals(missingProtocol("Http1", plugins), problems.get(2).problem());
        assertEquals("servers[0].listeners[0].filter_chains[0].filters[0].config.downstream_protocol: "
                + "no plugin provides protocol type \"Http1\" (installed: none); put its plugin jar in " + pluginsDir(),
                problems.get(0).getMessage());
    }

    @Test
    void dubboConfigFailsOnlyForDubbo() throws Exception {
        List<ConfigException> problems = problems("dubbo-proxy.json");
        assertEquals(List.of(filterConfigPath(0, 0, "downstream_protocol")), ConfigTesting.paths(problems));
        assertEquals("no plugin provides protocol type \"dubbo\" (installed: none); put its plugin jar in " + pluginsDir(),
                problems.get(0).problem());
    }

    @Test
    void olderConnectionManagerConfigFailsOnlyForTheProxyProtocol() throws Exception {
        List<ConfigException> problems = problems("connection-manager.json");
        assertEquals(List.of(filterConfigPath(0, 1, "downstream_protocol")), ConfigTesting.paths(problems));
        assertEquals(missingProtocol("Http1", plugins), problems.get(0).problem());
    }

    @Test
    void tcpProxyFilterNeedsItsPlugin() throws Exception {
        List<ConfigException> problems = problems("tcp-proxy.json");
        assertEquals(List.of("servers[0].listeners[0].filter_chains[0].filters[0].type"), ConfigTesting.paths(problems));
        assertEquals("no plugin provides network filter type \"tcp_proxy\" (installed: connection_manager, proxy); "
                + "put its plugin jar in " + pluginsDir(), problems.get(0).problem());
    }

    @Test
    void tcpOnlyConfigPassesWithKernelExtensions() throws Exception {
        PluginHost host = PluginHost.load(plugins);
        Mosn4jServer server = Mosn4jServer.prepare(ConfigTesting.loadResource("tcp-only.json"), host);
        try {
            assertEquals(ServerState.INITING, server.state());
            assertEquals(plugins.toAbsolutePath().normalize(), host.pluginsDir());
        } finally {
            server.stopNow();
        }
        assertEquals(ServerState.STOPPED, server.state());
    }
}
