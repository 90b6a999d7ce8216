package org.mosn4j.kernel.accesslog;

import java.time.ZoneId;
import java.util.List;

/**
 * The {@code %variable%} names an access log format may use, spelled as MOSN spells them, and how each prints.
 *
 * <p>Durations print as Go duration strings and {@code -} when unknown. {@code response_flag} (and its alias
 * {@code response_flags}) prints {@code true} or {@code false} as MOSN does, saying whether the proxy answered
 * with an error of its own; the flag's name is {@code upstream_transport_failure_reason}. Header variables take
 * the header name from the rest of the variable name, {@code %request_header_x-request-id%} or
 * {@code %response_header_content-type%}, and print {@code -} when the header is absent.
 */
final class LogVariables {

    static final String REQUEST_HEADER_PREFIX = "request_header_";
    static final String RESPONSE_HEADER_PREFIX = "response_header_";

    /** Every supported name, for error messages. */
    static final List<String> NAMES = List.of("start_time", "request_received_duration",
            "response_received_duration", "duration", "bytes_sent", "bytes_received", "protocol", "response_code",
            "response_flag", "response_flags", "upstream_transport_failure_reason", "upstream_host",
            "upstream_local_address", "downstream_local_address", "downstream_remote_address", "trace_id",
            REQUEST_HEADER_PREFIX + "<name>", RESPONSE_HEADER_PREFIX + "<name>");

    private LogVariables() {
    }

    /**
     * @param name a variable name without the percent signs
     * @param zone the time zone {@code start_time} prints in
     * @return how to print it, or null when no such variable exists
     */
    static LogField resolve(String name, ZoneId zone) {
        if (name.startsWith(REQUEST_HEADER_PREFIX) && name.length() > REQUEST_HEADER_PREFIX.length()) {
            String header = name.substring(REQUEST_HEADER_PREFIX.length());
            return (info, out) -> LogField.appendText(info.requestHeader(header), out);
        }
        if (name.startsWith(RESPONSE_HEADER_PREFIX) && name.length() > RESPONSE_HEADER_PREFIX.length()) {
            String header = name.substring(RESPONSE_HEADER_PREFIX.length());
            return (info, out) -> LogField.appendText(info.responseHeader(header), out);
        }
        return switch (name) {
            case "start_time" -> new StartTimeText(zone);
            case "request_received_duration" -> (info, out) -> appendDuration(info.requestReceivedNanos(), out);
            case "response_received_duration" -> (info, out) -> appendDuration(info.responseReceivedNanos(), out);
            case "duration" -> (info, out) -> appendDuration(info.durationNanos(), out);
            case "bytes_sent" -> (info, out) -> out.append(info.bytesSent());
            case "bytes_received" -> (info, out) -> out.append(info.bytesReceived());
            case "protocol" -> (info, out) -> LogField.appendText(info.protocol(), out);
            case "response_code" -> (info, out) -> out.append(info.responseCode());
            case "response_flag", "response_flags" -> (info, out) -> {
                String flag = info.responseFlag();
                out.append(flag != null && !flag.isEmpty());
            };
            case "upstream_transport_failure_reason" -> (info, out) -> LogField.appendText(info.responseFlag(), out);
            case "trace_id" -> (info, out) -> LogField.appendText(info.traceId(), out);
            case "upstream_host" -> (info, out) -> LogField.appendText(info.upstreamHost(), out);
            case "upstream_local_address" -> (info, out) -> LogField.appendText(info.upstreamLocalAddress(), out);
            case "downstream_local_address" -> (info, out) -> LogField.appendText(info.downstreamLocalAddress(), out);
            case "downstream_remote_address" ->
                    (info, out) -> LogField.appendText(info.downstreamRemoteAddress(), out);
            default -> null;
        };
    }

    private static void appendDuration(long nanos, StringBuilder out) {
        // -1 is the RequestInfo contract for "never happened"; no real duration is negative.
        if (nanos < 0) {
            out.append(LogField.ABSENT);
        } else {
            GoDurationText.append(nanos, out);
        }
    }
}
