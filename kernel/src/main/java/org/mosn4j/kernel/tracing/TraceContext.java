package org.mosn4j.kernel.tracing;

import org.mosn4j.spi.stream.HeaderMap;

/**
 * The trace a request belongs to, as read from its headers: lowercase hex ids as the headers carry them.
 *
 * @param traceId 32 hex digits (W3C, or B3 128-bit) or 16 (B3 64-bit)
 * @param spanId the caller's span, 16 hex digits
 * @param sampled whether the caller samples the trace
 */
record TraceContext(String traceId, String spanId, boolean sampled) {

    static final String TRACEPARENT = "traceparent";
    static final String B3_SINGLE = "b3";
    static final String B3_TRACE_ID = "x-b3-traceid";
    static final String B3_SPAN_ID = "x-b3-spanid";
    static final String B3_PARENT_SPAN_ID = "x-b3-parentspanid";
    static final String B3_SAMPLED = "x-b3-sampled";
    static final String B3_FLAGS = "x-b3-flags";

    /** @return the context of a valid {@code traceparent}, or null (absent, malformed, or all-zero ids) */
    static TraceContext fromTraceparent(String value) {
        // version "-" trace-id "-" parent-id "-" flags; later versions may append fields after the flags.
        if (value == null || value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-'
                || value.charAt(52) != '-') {
            return null;
        }
        String version = value.substring(0, 2);
        if (!isHex(version) || version.equals("ff") || version.equals("00") && value.length() != 55
                || value.length() > 55 && value.charAt(55) != '-') {
            return null;
        }
        String traceId = value.substring(3, 35);
        String spanId = value.substring(36, 52);
        String flags = value.substring(53, 55);
        if (!isId(traceId) || !isId(spanId) || !isHex(flags)) {
            return null;
        }
        return new TraceContext(traceId, spanId, (Integer.parseInt(flags, 16) & 1) == 1);
    }

    /** @return the context of valid B3 headers (single or multiple), or null */
    static TraceContext fromB3(HeaderMap headers) {
        String single = headers.get(B3_SINGLE);
        if (single != null) {
            String[] parts = single.split("-", -1);
            if (parts.length >= 2 && isB3TraceId(parts[0]) && isSpanId(parts[1])) {
                return new TraceContext(parts[0], parts[1], parts.length < 3 || !parts[2].equals("0"));
            }
            return null;
        }
        String traceId = headers.get(B3_TRACE_ID);
        String spanId = headers.get(B3_SPAN_ID);
        if (traceId == null || spanId == null) {
            return null;
        }
        traceId = traceId.toLowerCase();
        spanId = spanId.toLowerCase();
        if (!isB3TraceId(traceId) || !isSpanId(spanId)) {
            return null;
        }
        String sampled = headers.get(B3_SAMPLED);
        boolean debug = "1".equals(headers.get(B3_FLAGS));
        return new TraceContext(traceId, spanId, debug || sampled == null || sampled.equals("1")
                || sampled.equalsIgnoreCase("true"));
    }

    /** @return the trace id as W3C writes it: 32 digits, a 64-bit B3 id left-padded with zeros */
    String w3cTraceId() {
        return traceId.length() == 32 ? traceId : "0000000000000000" + traceId;
    }

    private static boolean isB3TraceId(String id) {
        return (id.length() == 32 || id.length() == 16) && isId(id);
    }

    private static boolean isSpanId(String id) {
        return id.length() == 16 && isId(id);
    }

    /** @return whether {@code id} is lowercase hex and not all zeros */
    private static boolean isId(String id) {
        boolean nonZero = false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
