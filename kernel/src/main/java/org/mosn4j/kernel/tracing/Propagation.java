package org.mosn4j.kernel.tracing;

import java.util.Locale;

/** A trace context header format. */
public enum Propagation {
    /** W3C Trace Context: {@code traceparent} (and {@code tracestate}, passed through untouched). */
    W3C,
    /** Zipkin's B3: {@code x-b3-traceid}, {@code x-b3-spanid}, {@code x-b3-parentspanid}, {@code x-b3-sampled}, or the single {@code b3}. */
    B3;

    /** @return the format named {@code name} in any case, or null */
    static Propagation named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "w3c", "tracecontext" -> W3C;
            case "b3" -> B3;
            default -> null;
        };
    }
}
