package org.mosn4j.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.spi.config.ConfigException;

/**
 * MOSN's own sample configs, from the shared reference directory beside the project: each loads, and fails
 * to start only because the protocol plugins it names are not installed. The directory is optional locally
 * and required in CI.
 */
class ReferenceConfigsTest {

    private static final Path REFERENCE_DIR = Path.of("../../shared/reference");

    @TempDir
    Path plugins;

    private static List<Path> referenceConfigs() throws Exception {
        if (!Files.isDirectory(REFERENCE_DIR)) {
            String where = REFERENCE_DIR.toAbsolutePath().normalize().toString();
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("MOSN's reference configs must exist in CI, but " + where + " is missing");
            }
            Assumptions.abort("no reference configs at " + where);
        }
        try (Stream<Path> files = Files.list(REFERENCE_DIR)) {
            List<Path> configs = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            assertFalse(configs.isEmpty(), "no .json file in " + REFERENCE_DIR.toAbsolutePath().normalize());
            return configs;
        }
    }

    /** A problem prepare must report: the path of a proxy filter's protocol and the error for that protocol. */
    private record Expected(String path, String problem) {
    }

    private List<Expected> expectedProblems(JsonNode raw) {
        List<Expected> expected = new ArrayList<>();
        JsonNode listeners = raw.path("servers").path(0).path("listeners");
        for (int l = 0; l < listeners.size(); l++) {
            JsonNode chains = listeners.get(l).path("filter_chains");
            for (int c = 0; c < chains.size(); c++) {
                JsonNode filters = chains.get(c).path("filters");
                for (int f = 0; f < filters.size(); f++) {
                    JsonNode filter = filters.get(f);
                    if (!filter.path("type").asText().equals("proxy")) {
                        continue;
                    }
                    String protocol = filter.path("config").path("downstream_protocol").asText();
                    String path = "servers[0].listeners[" + l + "].filter_chains[" + c + "].filters[" + f
                            + "].config.downstream_protocol";
                    expected.add(new Expected(path, protocol.equals("Auto") ? ConfigTesting.autoWithoutProtocols(plugins)
                            : ConfigTesting.missingProtocol(protocol, plugins)));
                }
            }
        }
        return expected;
    }

    @Test
    void referenceDirectoryHoldsConfigs() throws Exception {
        for (Path file : referenceConfigs()) {
            assertTrue(Files.isRegularFile(file), file + " is not a file");
        }
    }

    @TestFactory
    Stream<DynamicTest> referenceConfigsLoad() throws Exception {
        return referenceConfigs().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            LoadedConfig loaded = ConfigLoader.load(file);
            assertEquals(1, loaded.config().servers().size());
            assertFalse(loaded.config().server().listeners().isEmpty());
            assertFalse(loaded.config().clusterManager().clusters().isEmpty());
            for (ClusterConfig cluster : loaded.config().clusterManager().clusters()) {
                assertFalse(cluster.name() == null || cluster.name().isEmpty(), "a cluster without a name in " + file);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> referenceConfigsFailOnlyForMissingProtocols() throws Exception {
        return referenceConfigs().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            LoadedConfig loaded = ConfigLoader.load(file);
            List<Expected> expected = expectedProblems(loaded.raw());
            assertFalse(expected.isEmpty(), "no proxy filter in " + file);
            List<ConfigException> problems = ConfigTesting.prepareProblems(loaded, plugins);
            List<Expected> actual = problems.stream().map(p -> new Expected(p.path(), p.problem())).toList();
            assertEquals(expected, actual);
            for (ConfigException problem : problems) {
                assertTrue(problem.getMessage().contains("no plugin provides protocol type \"")
                        || problem.getMessage().contains("no protocol plugin is installed"), problem.getMessage());
            }
        }));
    }
}
