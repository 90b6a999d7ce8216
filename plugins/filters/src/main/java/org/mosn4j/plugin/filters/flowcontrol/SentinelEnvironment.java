package org.mosn4j.plugin.filters.flowcontrol;

import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sentinel's process-wide settings from the first {@code flowControlFilter} config: its application name and
 * log directory (for its internal EagleEye log too, which would otherwise go under the user's home), which
 * Sentinel reads from system properties once, when its classes first load. Settings given on the command line
 * ({@code -Dcsp.sentinel.app.name}, {@code -Dcsp.sentinel.log.dir}, {@code -DEAGLEEYE.LOG.PATH}) win.
 * Thread-safe.
 */
final class SentinelEnvironment {

    /** MOSN's default log directory for Sentinel. */
    static final String DEFAULT_LOG_PATH = "/tmp/sentinel";
    /** The application name when the config gives none. */
    static final String DEFAULT_APP_NAME = "mosn4j";

    private static final Logger LOG = LoggerFactory.getLogger(SentinelEnvironment.class);
    private static final String APP_NAME_PROPERTY = "csp.sentinel.app.name";
    private static final String LOG_DIR_PROPERTY = "csp.sentinel.log.dir";
    /** Where Sentinel's internal EagleEye logger writes (else under the user's home). */
    private static final String EAGLEEYE_DIR_PROPERTY = "EAGLEEYE.LOG.PATH";

    private static String appName;
    private static String logDir;

    private SentinelEnvironment() {
    }

    /**
     * Applies the settings of a config, before Sentinel is first used; later configs that differ are logged.
     *
     * @param configAppName {@code app_name}, or null
     * @param configLogPath {@code log_path}, or null
     * @param path the config's JSON path, for the log
     */
    static synchronized void apply(String configAppName, String configLogPath, String path) {
        String wantedApp = configAppName == null || configAppName.isEmpty() ? DEFAULT_APP_NAME : configAppName;
        String wantedDir = Path.of(configLogPath == null || configLogPath.isEmpty() ? DEFAULT_LOG_PATH : configLogPath)
                .toAbsolutePath().toString();
        if (appName == null) {
            appName = setIfAbsent(APP_NAME_PROPERTY, wantedApp);
            logDir = setIfAbsent(LOG_DIR_PROPERTY, wantedDir);
            setIfAbsent(EAGLEEYE_DIR_PROPERTY, Path.of(logDir, "eagleeye") + "/");
            LOG.info("Sentinel: application {}, logs and metrics in {}", appName, logDir);
            return;
        }
        if (!Objects.equals(appName, wantedApp) || !Objects.equals(logDir, wantedDir)) {
            LOG.warn("{}: app_name and log_path are process-wide Sentinel settings, set once; keeping application {}"
                    + " and log directory {}", path, appName, logDir);
        }
    }

    private static String setIfAbsent(String property, String value) {
        String given = System.getProperty(property);
        if (given != null && !given.isEmpty()) {
            return given;
        }
        System.setProperty(property, value);
        return value;
    }
}
