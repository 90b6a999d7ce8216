package org.mosn4j.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Parses Prometheus text format with a real parser: Python's {@code prometheus_client} (Debian package
 * {@code python3-prometheus-client}), run as a subprocess that prints each parsed family as a JSON line.
 *
 * <p>When no {@code python3} with the module is found, the calling test is skipped with a message saying what
 * to install, except when the environment variable {@code CI} is {@code true}: then it fails.
 */
public final class ExpositionParser {

    private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");
    private static final String SCRIPT = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            for f in text_string_to_metric_families(sys.stdin.read()):
                print(json.dumps({"name": f.name, "type": f.type, "samples": [
                    {"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}))
            """;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static String python;

    private ExpositionParser() {
    }

    /**
     * One sample.
     *
     * @param name the sample name, such as {@code x_total} or {@code x_bucket}
     * @param labels its labels
     * @param value its value
     */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /**
     * One bucket of a histogram.
     *
     * @param upperBound its {@code le}
     * @param count the observations at or below it
     */
    public record Bucket(double upperBound, double count) {
    }

    /**
     * One metric family as the parser reads it: a counter's name is without {@code _total}.
     *
     * @param name the family name
     * @param type {@code counter}, {@code gauge}, {@code histogram}, ... ({@code untyped} for lines the parser could
     *             not tie to a {@code # TYPE})
     * @param samples its samples in order
     */
    public record Family(String name, String type, List<Sample> samples) {

        /** @return the value of the sample with this name and exactly these labels; fails when there is none */
        public double value(String sampleName, Map<String, String> labels) {
            for (Sample sample : samples) {
                if (sample.name().equals(sampleName) && sample.labels().equals(labels)) {
                    return sample.value();
                }
            }
            return fail("no sample " + sampleName + labels + " in " + name + ": " + samples);
        }

        /**
         * @return a histogram's buckets for the data point with exactly these labels (besides {@code le}), in the
         *         order written
         */
        public List<Bucket> buckets(Map<String, String> labels) {
            List<Bucket> buckets = new ArrayList<>();
            for (Sample sample : samples) {
                Map<String, String> others = new HashMap<>(sample.labels());
                String le = others.remove("le");
                if (sample.name().equals(name + "_bucket") && others.equals(labels)) {
                    buckets.add(new Bucket(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                            sample.value()));
                }
            }
            return buckets;
        }

        /** @return the samples with this name whose labels include {@code labels} */
        public List<Sample> samples(String sampleName, Map<String, String> labels) {
            return samples.stream().filter(s -> s.name().equals(sampleName)
                    && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        }
    }

    /**
     * Parses {@code text}, failing when the parser rejects it, when a family name or a sample (name and labels)
     * appears twice, or when a family has no type.
     *
     * @return the families by name
     */
    public static Map<String, Family> parse(String text) throws IOException, InterruptedException {
        String command = python();
        Path dir = Files.createTempDirectory("exposition");
        try {
            Path input = Files.writeString(dir.resolve("metrics.txt"), text, StandardCharsets.UTF_8);
            Path errors = dir.resolve("stderr.txt");
            Process process = new ProcessBuilder(command, "-c", SCRIPT)
                    .redirectInput(input.toFile())
                    .redirectError(errors.toFile())
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the parser did not finish");
            assertEquals(0, process.exitValue(), () -> "prometheus_client rejected the exposition: "
                    + read(errors) + "\n--- exposition ---\n" + text);
            Map<String, Family> families = new TreeMap<>();
            Set<String> samples = new HashSet<>();
            for (String line : out.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                Family family = family(JSON.readTree(line));
                assertTrue(families.put(family.name(), family) == null, "family " + family.name() + " appears twice");
                assertTrue(!family.type().equals("untyped") && !family.type().equals("unknown"),
                        "family " + family.name() + " has no # TYPE line that fits its samples");
                for (Sample sample : family.samples()) {
                    assertTrue(samples.add(sample.name() + new TreeMap<>(sample.labels())),
                            "sample " + sample.name() + sample.labels() + " appears twice");
                }
            }
            return families;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** @return the family; fails when there is none */
    public static Family family(Map<String, Family> families, String name) {
        Family family = families.get(name);
        assertNotNull(family, () -> "no metric family " + name + " among " + families.keySet());
        return family;
    }

    private static Family family(JsonNode node) {
        List<Sample> samples = new ArrayList<>();
        for (JsonNode sample : node.get("samples")) {
            Map<String, String> labels = new LinkedHashMap<>();
            sample.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            samples.add(new Sample(sample.get("name").asText(), labels, sample.get("value").asDouble()));
        }
        return new Family(node.get("name").asText(), node.get("type").asText(), samples);
    }

    private static synchronized String python() throws InterruptedException {
        if (python != null) {
            return python;
        }
        List<String> tried = new ArrayList<>();
        for (String candidate : PYTHONS) {
            try {
                Process check = new ProcessBuilder(candidate, "-c", "import prometheus_client.parser")
                        .redirectErrorStream(true).start();
                check.getInputStream().readAllBytes();
                if (check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0) {
                    python = candidate;
                    return python;
                }
                tried.add(candidate + " (no prometheus_client)");
            } catch (IOException e) {
                tried.add(candidate + " (" + e.getMessage() + ")");
            }
        }
        String message = "no python3 with prometheus_client to parse the exposition (tried "
                + tried.stream().collect(Collectors.joining(", ")) + "); install the Debian package "
                + "python3-prometheus-client";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        return Assumptions.abort(message);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }
}
