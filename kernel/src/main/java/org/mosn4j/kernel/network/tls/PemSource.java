package org.mosn4j.kernel.network.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a certificate, key or CA of a {@code tls_context} comes from: PEM text inline in the config, or a file
 * (as MOSN: a value containing {@code -----BEGIN} is PEM, anything else a path, relative ones from the working
 * directory). Files are read again on every {@link #read()}, which is how changed files are reloaded.
 *
 * @param field the config key, such as {@code cert_chain}, for messages
 * @param inline the PEM text, or null for a file
 * @param file the file, or null for inline PEM
 */
record PemSource(String field, String inline, Path file) {

    /**
     * @param value the config value
     * @param field the config key
     * @return the source, or null when the value is absent or empty
     */
    static PemSource of(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.contains("-----BEGIN")) {
            return new PemSource(field, value, null);
        }
        return new PemSource(field, null, Path.of(value.trim()).toAbsolutePath().normalize());
    }

    /** @return whether the PEM comes from a file */
    boolean isFile() {
        return file != null;
    }

    /** @return the PEM text */
    String read() throws IOException {
        return inline != null ? inline : Files.readString(file, StandardCharsets.US_ASCII);
    }

    /** @return {@code "file /path"} or {@code "inline PEM"} */
    String describe() {
        return file != null ? "file " + file : "inline PEM";
    }
}
