package org.mosn4j.kernel.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * The process's loggers as MOSN exposes them: the default logger, named by {@code default_log_path}
 * ({@code "stdout"}, {@code "stderr"} or a file), plus any logback logger by name. Levels use MOSN's names
 * (FATAL, ERROR, WARN, INFO, DEBUG, TRACE). Thread-safe.
 */
public final class LogLevels {

    /** The log line layout. */
    public static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} [%level] [%thread] %logger{36} %msg%n";

    private final String defaultLogPath;
    private final Map<String, Level> disabled = new ConcurrentHashMap<>();

    private LogLevels(String defaultLogPath) {
        this.defaultLogPath = defaultLogPath;
    }

    /**
     * Parses a MOSN level name.
     *
     * @param name FATAL, ERROR, WARN, INFO, DEBUG or TRACE, in any case
     * @return the logback level, or empty for anything else
     */
    public static Optional<Level> parseLevel(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "FATAL", "ERROR" -> Optional.of(Level.ERROR);
            case "WARN" -> Optional.of(Level.WARN);
            case "INFO" -> Optional.of(Level.INFO);
            case "DEBUG" -> Optional.of(Level.DEBUG);
            case "TRACE" -> Optional.of(Level.TRACE);
            default -> Optional.empty();
        };
    }

    /**
     * Points the root logger at {@code default_log_path} with {@code default_log_level}.
     *
     * @param logPath "stdout", "stderr" or a file path; null means stdout
     * @param level a MOSN level name; null keeps INFO
     * @return the configured levels
     */
    public static LogLevels configure(String logPath, String level) {
        String path = logPath == null || logPath.isEmpty() ? "stdout" : logPath;
        LoggerContext context = context();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        parseLevel(level).ifPresent(root::setLevel);
        if (!path.equals("stdout")) {
            OutputStreamAppender<ILoggingEvent> appender;
            if (path.equals("stderr")) {
                ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
                console.setTarget("System.err");
                appender = console;
            } else {
                FileAppender<ILoggingEvent> file = new FileAppender<>();
                Path parent = Path.of(path).toAbsolutePath().getParent();
                try {
                    Files.createDirectories(parent);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot create log directory " + parent + ": " + e, e);
                }
                file.setFile(path);
                file.setAppend(true);
                appender = file;
            }
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(PATTERN);
            encoder.start();
            appender.setContext(context);
            appender.setName("mosn-default");
            appender.setEncoder(encoder);
            appender.start();
            root.detachAndStopAllAppenders();
            root.addAppender(appender);
        }
        return new LogLevels(path);
    }

    /** @return the default logger's path and each explicitly levelled logger, with MOSN level names */
    public Map<String, String> levels() {
        Map<String, String> out = new TreeMap<>();
        for (Logger logger : context().getLoggerList()) {
            if (logger.getLevel() != null && !logger.getName().equals(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
                out.put(logger.getName(), levelName(logger.getLevel()));
            }
        }
        out.put(defaultLogPath, levelName(root().getLevel()));
        return out;
    }

    /**
     * Sets a logger's level.
     *
     * @param path the default log path (the root logger) or a logger name
     * @param level a MOSN level name
     * @return false when the level is unknown
     */
    public boolean setLevel(String path, String level) {
        Optional<Level> parsed = parseLevel(level);
        if (parsed.isEmpty() || path == null || path.isEmpty()) {
            return false;
        }
        logger(path).setLevel(parsed.get());
        disabled.remove(path);
        return true;
    }

    /**
     * Switches a logger off, or back to the level it had.
     *
     * @param path the default log path or a logger name
     * @param enabled whether to log
     * @return false when the path is empty
     */
    public boolean setEnabled(String path, boolean enabled) {
        if (path == null || path.isBlank()) {
            return false;
        }
        Logger logger = logger(path.trim());
        if (enabled) {
            Level previous = disabled.remove(path.trim());
            if (logger.getLevel() == Level.OFF) {
                logger.setLevel(previous == null && isRoot(path.trim()) ? Level.INFO : previous);
            }
        } else if (logger.getLevel() != Level.OFF) {
            disabled.put(path.trim(), logger.getLevel() == null ? Level.INFO : logger.getLevel());
            logger.setLevel(Level.OFF);
        }
        return true;
    }

    private Logger logger(String path) {
        return isRoot(path) ? root() : context().getLogger(path);
    }

    private boolean isRoot(String path) {
        return path.equals(defaultLogPath) || path.equalsIgnoreCase("root");
    }

    private static Logger root() {
        return context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static String levelName(Level level) {
        return level == null ? "INFO" : level == Level.OFF ? "OFF" : level.levelStr;
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
