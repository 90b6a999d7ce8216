package org.mosn4j.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The built tarball, unpacked into a directory of the test's. */
final class Distribution {

    private final Path home;

    private Distribution(Path home) {
        this.home = home;
    }

    /** Unpacks the tarball built by this module's package phase into {@code dir}. */
    static Distribution unpack(Path dir) throws IOException, InterruptedException {
        String tarball = System.getProperty("mosn4j.tarball");
        if (tarball == null || !Files.exists(Path.of(tarball))) {
            throw new IllegalStateException("no tarball at " + tarball + "; run the tests with mvn verify");
        }
        Process tar = new ProcessBuilder("tar", "xzf", tarball, "-C", dir.toString()).inheritIO().start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("tar xzf " + tarball + " failed");
        }
        return new Distribution(dir.resolve("mosn4j-" + System.getProperty("mosn4j.version")));
    }

    Path home() {
        return home;
    }

    Path resolve(String relative) {
        return home.resolve(relative);
    }

    /** Writes a config file into conf/ and returns its path. */
    Path writeConfig(String name, String json) throws IOException {
        Path file = home.resolve("conf").resolve(name);
        Files.writeString(file, json);
        return file;
    }

    /**
     * Runs {@code bin/start.sh} with arguments, paranoid leak detection on.
     *
     * @return the running process, its output collected
     */
    Mosn4jProcess start(String... args) throws IOException {
        return Mosn4jProcess.start(home, args);
    }
}
