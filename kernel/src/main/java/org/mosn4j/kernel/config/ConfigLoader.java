package org.mosn4j.kernel.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

/** Reads a MOSN JSON config file and binds it, naming the JSON path of any error. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * @param file the config file
     * @return the config
     * @throws InvalidConfigException when the file cannot be read, is not JSON, or does not bind
     */
    public static LoadedConfig load(Path file) throws InvalidConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw single("", "config file " + file.toAbsolutePath() + " does not exist");
        } catch (IOException e) {
            throw single("", "cannot read config file " + file.toAbsolutePath() + ": " + e);
        }
        return parse(text, file);
    }

    /**
     * @param json the config text
     * @param source where it came from, for messages; may be null
     * @return the config
     * @throws InvalidConfigException when the text is not JSON or does not bind
     */
    public static LoadedConfig parse(String json, Path source) throws InvalidConfigException {
        JsonNode raw;
        try {
            raw = ConfigBinder.INSTANCE.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw single("", (source == null ? "config" : source.toString()) + " is not valid JSON" + where + ": "
                    + e.getOriginalMessage());
        }
        if (raw == null || !raw.isObject()) {
            throw single("", "expected the config to be a JSON object, got " + (raw == null ? "nothing" : raw.getNodeType()));
        }
        try {
            return new LoadedConfig(source, raw, ConfigBinder.INSTANCE.bind(raw, MosnConfig.class, ""));
        } catch (ConfigException e) {
            throw new InvalidConfigException(List.of(e));
        }
    }

    private static InvalidConfigException single(String path, String problem) {
        return new InvalidConfigException(List.of(new ConfigException(path, problem)));
    }
}
