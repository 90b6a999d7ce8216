package org.mosn4j.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.config.LoadedConfig;
import org.mosn4j.kernel.network.BindException;
import org.mosn4j.kernel.network.upgrade.HandoverException;
import org.mosn4j.kernel.network.upgrade.HotUpgrade;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.kernel.plugin.PluginLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The command line: {@code mosn4j -c CONFIG [-p PLUGINS_DIR] [--check] [--ready-file FILE] [--upgrade]}. With
 * {@code --ready-file}, the process id is written to FILE once every listener is bound (launch scripts wait
 * for it, wherever the config sends the log).
 *
 * <p>With {@code --upgrade} the process takes the listening sockets over from the mosn4j running on the same
 * upgrade socket ({@code uds_dir}, else the distribution's {@code logs/}) instead of binding them, and becomes
 * ready once that process has stopped accepting; the old process drains and exits 0 (see
 * {@link org.mosn4j.kernel.network.upgrade}). The ready file names the process that serves: a process that hands
 * its sockets over removes it, and a process removes it at exit only while it still names that process.
 *
 * <p>Exit codes: 0 after a stop by signal (SIGTERM drains for {@code graceful_timeout}, SIGINT stops at
 * once) or a passing {@code --check}; 2 for a bad config, a plugin problem or bad arguments; 1 when a port
 * cannot be bound; 3 when {@code --upgrade} cannot take the sockets over (the running process keeps serving).
 * Config errors are printed before any port is bound.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final int EXIT_CONFIG = 2;
    static final int EXIT_BIND = 1;
    static final int EXIT_UPGRADE = 3;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args));
    }

    static int run(String[] args) throws InterruptedException {
        Path configFile = Path.of("conf/mosn4j.json");
        Path pluginsDir = Path.of(System.getProperty("mosn4j.plugins", "plugins"));
        boolean checkOnly = false;
        Path readyFile = null;
        boolean upgrade = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c", "--config" -> {
                    if (++i == args.length) {
                        return usage("-c needs a config file");
                    }
                    configFile = Path.of(args[i]);
                }
                case "-p", "--plugins" -> {
                    if (++i == args.length) {
                        return usage("-p needs a directory");
                    }
                    pluginsDir = Path.of(args[i]);
                }
                case "--check" -> checkOnly = true;
                case "--upgrade" -> upgrade = true;
                case "--ready-file" -> {
                    if (++i == args.length) {
                        return usage("--ready-file needs a file");
                    }
                    readyFile = Path.of(args[i]);
                }
                case "-v", "--version" -> {
                    System.out.println("mosn4j version: " + Version.get());
                    return 0;
                }
                default -> {
                    return usage("unknown argument " + args[i]);
                }
            }
        }
        Mosn4jServer server;
        HotUpgrade hotUpgrade;
        try {
            LoadedConfig config = ConfigLoader.load(configFile);
            server = Mosn4jServer.prepare(config, PluginHost.load(pluginsDir));
            hotUpgrade = HotUpgrade.forProcess(config.config(), System.getProperty("mosn4j.home"), upgrade);
        } catch (InvalidConfigException e) {
            // Logging is set up from the config, so config errors go to stderr, each on its own line.
            System.err.println("mosn4j: " + e.problems().size() + " config error(s) in " + configFile + ":");
            e.problems().forEach(p -> System.err.println("  " + p.getMessage()));
            return EXIT_CONFIG;
        } catch (PluginLoadException e) {
            System.err.println("mosn4j: plugin error: " + e.getMessage());
            return EXIT_CONFIG;
        }
        if (checkOnly) {
            System.out.println("mosn4j: " + configFile + " is valid");
            return 0;
        }
        Signal.handle(new Signal("TERM"), signal -> stopInBackground(server::stopGracefully, "graceful"));
        Signal.handle(new Signal("INT"), signal -> stopInBackground(server::stopNow, "immediate"));
        Path ready = readyFile;
        server.hotUpgrade(hotUpgrade.whenHandedOver(() -> removeReadyFile(ready)));
        try {
            server.start();
        } catch (HandoverException e) {
            LOG.error(e.getMessage());
            System.err.println("mosn4j: " + e.getMessage());
            return EXIT_UPGRADE;
        } catch (BindException e) {
            LOG.error(e.getMessage());
            System.err.println("mosn4j: " + e.getMessage());
            return EXIT_BIND;
        }
        if (readyFile != null) {
            markReady(readyFile);
        }
        server.awaitStopped();
        removeReadyFile(readyFile);
        LOG.info("mosn4j pid {} exits with code 0", ProcessHandle.current().pid());
        return 0;
    }

    /** Removes the ready file while it names this process: after a hot upgrade it names the successor. */
    private static void removeReadyFile(Path readyFile) {
        if (readyFile == null) {
            return;
        }
        try {
            if (Files.exists(readyFile)
                    && Files.readString(readyFile).trim().equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(readyFile);
            }
        } catch (IOException e) {
            LOG.debug("cannot remove the ready file {}: {}", readyFile, e.toString());
        }
    }

    /** Writes the process id to a temporary file and moves it into place, so a reader never sees it half written. */
    private static void markReady(Path readyFile) {
        try {
            Path absolute = readyFile.toAbsolutePath();
            Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
            Files.writeString(temporary, ProcessHandle.current().pid() + "\n");
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write the ready file {}: {}", readyFile, e.toString());
        }
    }

    private static void stopInBackground(Runnable stop, String kind) {
        Thread thread = new Thread(stop, "mosn4j-" + kind + "-stop");
        thread.start();
    }

    private static int usage(String problem) {
        System.err.println("mosn4j: " + problem);
        System.err.println("usage: mosn4j [-c CONFIG] [-p PLUGINS_DIR] [--check] [--ready-file FILE] [--upgrade] [--version]");
        return EXIT_CONFIG;
    }
}
