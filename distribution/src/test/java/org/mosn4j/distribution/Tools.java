package org.mosn4j.distribution;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Outside programs the tests run as clients and peers (curl, h2load, nginx). */
final class Tools {

    /** Where Debian installs daemons, often missing from a user's PATH. */
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin");

    private Tools() {
    }

    /** A command's exit code and combined output. */
    record Result(int exitCode, String output) {
    }

    /**
     * @return the path of {@code name} on the PATH (or in /usr/sbin); aborts the test when it is missing,
     *         unless CI is "true", where it fails
     */
    static String tool(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(File.pathSeparator)));
        dirs.addAll(SYSTEM_DIRS);
        for (String entry : dirs) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(name + " is not installed; .ci/run installs it");
        }
        Assumptions.abort(name + " is not installed; install it to run this test");
        return null;
    }

    /**
     * Runs a command with its combined output in a file in {@code dir}, killing it when the timeout passes.
     */
    static Result run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "command", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " still running after " + timeout + ":\n"
                    + Files.readString(out));
        }
        return new Result(process.exitValue(), Files.readString(out));
    }
}
