package org.mosn4j.kernel.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mosn4j.kernel.Mosn4jServer;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.kernel.plugin.PluginLoadException;

/**
 * Coverage-guided fuzzing of config loading: any text either becomes a server ready to start or is refused
 * with a list of errors, each naming its JSON path; nothing else may escape (no NullPointerException, no
 * IllegalArgumentException from deep inside). Configs that would open access log files are left out, so the
 * fuzzer never writes files. In the normal build the inputs under {@code ConfigFuzzTestInputs} are replayed; the
 * {@code fuzz} build execution fuzzes for a while.
 */
class ConfigFuzzTest {

    private static final PluginHost NO_PLUGINS = emptyPluginHost();

    @FuzzTest(maxDuration = "20s")
    void anyTextIsAConfigOrListedErrors(FuzzedDataProvider data) {
        String json = data.consumeRemainingAsString();
        try {
            LoadedConfig config = ConfigLoader.parse(json, null);
            if (opensFiles(config.config())) {
                return;
            }
            assertNotNull(Mosn4jServer.prepare(config, NO_PLUGINS));
        } catch (InvalidConfigException e) {
            assertFalse(e.problems().isEmpty(), "refused without a reason");
            e.problems().forEach(problem -> assertNotNull(problem.getMessage()));
        }
    }

    private static boolean opensFiles(MosnConfig config) {
        return config.servers().stream().anyMatch(server -> server.listeners() != null
                && server.listeners().stream().anyMatch(l -> l != null && l.accessLogs() != null && !l.accessLogs().isEmpty()));
    }

    private static PluginHost emptyPluginHost() {
        try {
            return PluginHost.load(Files.createTempDirectory("mosn4j-fuzz-plugins"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PluginLoadException e) {
            throw new IllegalStateException(e);
        }
    }
}
