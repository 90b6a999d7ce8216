package org.mosn4j.kernel.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.HeaderMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each proxied request in a trace: reads the caller's trace context (W3C {@code traceparent} first, then
 * B3), starts a new trace when there is none or it is malformed, and writes the context upstream in every
 * configured format with a new span id for the proxy's hop (the caller's span becomes the parent). Exports no
 * spans: the trace id goes to the access log ({@code %trace_id%}) and to the upstream.
 *
 * <p>Immutable and thread-safe; {@link #propagate} runs on event loops.
 */
public final class Tracer {

    /** Tracing off: headers are left alone. */
    public static final Tracer OFF = new Tracer(EnumSet.noneOf(Propagation.class));

    private static final Logger LOG = LoggerFactory.getLogger(Tracer.class);
    /** MOSN's tracer drivers, each with the format it propagates here. */
    private static final Map<String, Propagation> DRIVERS = Map.of(
            "w3c", Propagation.W3C, "opentelemetry", Propagation.W3C, "sofatracer", Propagation.W3C,
            "skywalking", Propagation.W3C, "jaeger", Propagation.W3C, "b3", Propagation.B3,
            "zipkin", Propagation.B3);

    private final Set<Propagation> formats;

    private Tracer(Set<Propagation> formats) {
        this.formats = formats;
    }

    /**
     * @param node the top-level {@code tracing} block, or null
     * @param problems where errors are collected
     * @return the tracer, {@link #OFF} when tracing is off or the block is wrong
     */
    public static Tracer build(JsonNode node, ConfigProblems problems) {
        try {
            TracingConfig config = ConfigBinder.INSTANCE.bind(node, TracingConfig.class, "tracing");
            if (!config.enabled()) {
                return OFF;
            }
            String driver = config.driver() == null || config.driver().isEmpty() ? "w3c"
                    : config.driver().toLowerCase(Locale.ROOT);
            Propagation byDriver = DRIVERS.get(driver);
            if (byDriver == null) {
                throw new ConfigException("tracing.driver", "unknown tracer driver \"" + config.driver()
                        + "\" (known: W3C, OpenTelemetry, SOFATracer, SkyWalking, Jaeger, B3, Zipkin)");
            }
            Set<Propagation> formats = configured(config.config());
            if (formats.isEmpty()) {
                formats = EnumSet.of(byDriver);
            }
            LOG.info("tracing on (driver {}): propagating {} trace context; spans are not exported",
                    config.driver() == null ? "W3C" : config.driver(), formats);
            return new Tracer(formats);
        } catch (ConfigException e) {
            problems.add(e);
            return OFF;
        }
    }

    private static Set<Propagation> configured(JsonNode config) throws ConfigException {
        Set<Propagation> formats = EnumSet.noneOf(Propagation.class);
        if (config == null || !config.isObject()) {
            return formats;
        }
        String key = ConfigBinder.spelledKey(config, "propagation");
        if (key == null) {
            return formats;
        }
        JsonNode list = config.get(key);
        String path = "tracing.config." + key;
        if (!list.isArray() || list.isEmpty()) {
            throw new ConfigException(path, "expected a list of \"w3c\" and \"b3\"");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode name = list.get(i);
            Propagation format = name.isTextual() ? Propagation.named(name.asText()) : null;
            if (format == null) {
                throw new ConfigException(path + "[" + i + "]", "expected \"w3c\" or \"b3\", got " + name);
            }
            formats.add(format);
        }
        return formats;
    }

    /** @return whether requests are traced */
    public boolean enabled() {
        return !formats.isEmpty();
    }

    /**
     * Reads the request's trace context, or starts a trace, and rewrites the trace headers for the upstream.
     *
     * @param headers the request headers about to go upstream
     * @return the trace id, or the empty string when tracing is off
     */
    public String propagate(HeaderMap headers) {
        if (formats.isEmpty()) {
            return "";
        }
        TraceContext caller = TraceContext.fromTraceparent(headers.get(TraceContext.TRACEPARENT));
        if (caller == null) {
            caller = TraceContext.fromB3(headers);
        }
        String traceId = caller == null ? TraceIds.traceId() : caller.traceId();
        boolean sampled = caller == null || caller.sampled();
        String spanId = TraceIds.spanId();
        if (formats.contains(Propagation.W3C)) {
            String w3cId = caller == null ? traceId : caller.w3cTraceId();
            headers.set(TraceContext.TRACEPARENT, "00-" + w3cId + "-" + spanId + (sampled ? "-01" : "-00"));
        }
        if (formats.contains(Propagation.B3)) {
            writeB3(headers, traceId, spanId, caller == null ? null : caller.spanId(), sampled);
        }
        return traceId;
    }

    private static void writeB3(HeaderMap headers, String traceId, String spanId, String parentSpanId, boolean sampled) {
        if (headers.get(TraceContext.B3_SINGLE) != null) {
            headers.set(TraceContext.B3_SINGLE, traceId + "-" + spanId + (sampled ? "-1" : "-0")
                    + (parentSpanId == null ? "" : "-" + parentSpanId));
            return;
        }
        headers.set(TraceContext.B3_TRACE_ID, traceId);
        headers.set(TraceContext.B3_SPAN_ID, spanId);
        if (parentSpanId == null) {
            headers.remove(TraceContext.B3_PARENT_SPAN_ID);
        } else {
            headers.set(TraceContext.B3_PARENT_SPAN_ID, parentSpanId);
        }
        headers.set(TraceContext.B3_SAMPLED, sampled ? "1" : "0");
    }
}
