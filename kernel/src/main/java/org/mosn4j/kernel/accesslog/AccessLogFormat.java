package org.mosn4j.kernel.accesslog;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.mosn4j.spi.config.ConfigException;

/**
 * A parsed {@code log_format}: literal text with {@code %variable%} placeholders, as in MOSN. For example
 * {@code "%start_time% %request_header_:path% %response_code%"} prints
 * {@code 2024/03/05 14:07:09.042 /index.html 200}. A variable whose value is absent prints {@code -}. Write
 * {@code \%} for a literal percent sign. An empty or null format means {@link #DEFAULT_FORMAT}, as in MOSN.
 *
 * <p>Immutable and thread-safe; {@link #format} may run on any number of event loops at once.
 *
 * @see LogVariables the variable names and how each prints
 */
public final class AccessLogFormat {

    /** MOSN's default access log format ({@code types.DefaultAccessLogFormat}), {@code response_code} twice included. */
    public static final String DEFAULT_FORMAT = "%start_time% %request_received_duration% "
            + "%response_received_duration% %bytes_sent% %bytes_received% %protocol% %response_code% %duration% "
            + "%response_flag% %response_code% %upstream_local_address% %downstream_local_address% "
            + "%downstream_remote_address% %upstream_host%";

    private static final int MAX_RETAINED_BUFFER = 16 * 1024;
    private static final ThreadLocal<StringBuilder> BUFFERS = ThreadLocal.withInitial(() -> new StringBuilder(256));

    private final String text;
    private final LogField[] fields;

    private AccessLogFormat(String text, LogField[] fields) {
        this.text = text;
        this.fields = fields;
    }

    /**
     * Parses a format, printing {@code %start_time%} in the system's time zone.
     *
     * @param format the {@code log_format} value; null or empty means {@link #DEFAULT_FORMAT}
     * @param path the config path of the value, named in errors
     * @return the parsed format
     * @throws ConfigException naming {@code path} for an unknown, empty or unterminated variable
     */
    public static AccessLogFormat parse(String format, String path) throws ConfigException {
        return parse(format, path, ZoneId.systemDefault());
    }

    static AccessLogFormat parse(String format, String path, ZoneId zone) throws ConfigException {
        String source = format == null || format.isEmpty() ? DEFAULT_FORMAT : format;
        List<LogField> fields = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length() && source.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
            } else if (c != '%') {
                literal.append(c);
                i++;
            } else {
                int end = source.indexOf('%', i + 1);
                if (end < 0) {
                    throw new ConfigException(path, "unterminated variable at offset " + i + " in access log format \""
                            + source + "\"; close it with '%', or write \\% for a literal percent sign");
                }
                String name = source.substring(i + 1, end);
                if (name.isEmpty()) {
                    throw new ConfigException(path, "empty variable %% at offset " + i + " in access log format \""
                            + source + "\"; write \\% for a literal percent sign");
                }
                LogField variable = LogVariables.resolve(name, zone);
                if (variable == null) {
                    throw new ConfigException(path, "unknown access log variable %" + name + "% (known: "
                            + String.join(", ", LogVariables.NAMES) + ")");
                }
                if (!literal.isEmpty()) {
                    fields.add(literalField(literal.toString()));
                    literal.setLength(0);
                }
                fields.add(variable);
                i = end + 1;
            }
        }
        if (!literal.isEmpty()) {
            fields.add(literalField(literal.toString()));
        }
        return new AccessLogFormat(source, fields.toArray(new LogField[0]));
    }

    private static LogField literalField(String text) {
        return (info, out) -> out.append(text);
    }

    /**
     * Builds one log line.
     *
     * @param info the finished request; read on the calling thread only
     * @return the line, without a trailing newline
     */
    public String format(RequestInfo info) {
        StringBuilder out = BUFFERS.get();
        out.setLength(0);
        for (LogField field : fields) {
            field.append(info, out);
        }
        String line = out.toString();
        if (out.capacity() > MAX_RETAINED_BUFFER) {
            // One huge header should not pin a large buffer to the event loop for good.
            BUFFERS.set(new StringBuilder(256));
        }
        return line;
    }

    /** @return the format text this was parsed from, with the default filled in */
    @Override
    public String toString() {
        return text;
    }
}
