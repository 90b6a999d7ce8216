package org.mosn4j.kernel.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;

class TracerTest {

    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static Tracer tracer(String json) throws Exception {
        ConfigProblems problems = new ConfigProblems();
        Tracer tracer = Tracer.build(ConfigBinder.INSTANCE.mapper().readTree(json), problems);
        assertTrue(problems.isEmpty(), problems.all().toString());
        return tracer;
    }

    private static String problem(String json) throws Exception {
        ConfigProblems problems = new ConfigProblems();
        assertSame(Tracer.OFF, Tracer.build(ConfigBinder.INSTANCE.mapper().readTree(json), problems));
        assertFalse(problems.isEmpty());
        return problems.all().toString();
    }

    @Test
    void aRequestWithoutContextStartsASampledTrace() throws Exception {
        HeaderMap headers = new DefaultHeaderMap(4);
        String traceId = tracer("{\"enable\": true}").propagate(headers);
        String traceparent = headers.get("traceparent");
        assertTrue(TRACEPARENT.matcher(traceparent).matches(), traceparent);
        assertEquals(traceId, traceparent.substring(3, 35));
        assertTrue(traceparent.endsWith("-01"));
        assertNotEquals(traceId, tracer("{\"enable\": true}").propagate(new DefaultHeaderMap(4)));
    }

    @Test
    void theCallersTraceContinuesWithANewSpanAndItsFlags() throws Exception {
        HeaderMap headers = new DefaultHeaderMap(4);
        headers.set("traceparent", CALLER.replace("-01", "-00"));
        headers.set("tracestate", "vendor=1");
        String traceId = tracer("{\"enable\": true, \"driver\": \"SOFATracer\"}").propagate(headers);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", traceId);
        String sent = headers.get("traceparent");
        assertTrue(sent.startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"), sent);
        assertNotEquals("00f067aa0ba902b7", sent.substring(36, 52));
        assertTrue(sent.endsWith("-00"), "an unsampled trace stays unsampled: " + sent);
        assertEquals("vendor=1", headers.get("tracestate"));
    }

    @Test
    void malformedTraceparentsStartANewTrace() throws Exception {
        for (String bad : new String[] {"garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-" + CALLER.substring(3),
                CALLER.toUpperCase(), CALLER + "-extra", "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"}) {
            assertNull(TraceContext.fromTraceparent(bad), bad);
            HeaderMap headers = new DefaultHeaderMap(4);
            headers.set("traceparent", bad);
            String traceId = tracer("{\"enable\": true}").propagate(headers);
            assertNotEquals("4bf92f3577b34da6a3ce929d0e0e4736", traceId, bad);
            assertTrue(TRACEPARENT.matcher(headers.get("traceparent")).matches());
        }
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                TraceContext.fromTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more").traceId(),
                "a later version's extra fields are allowed");
    }

    @Test
    void b3HeadersContinueTheTraceWithTheCallerAsParent() throws Exception {
        HeaderMap headers = new DefaultHeaderMap(4);
        headers.set("X-B3-TraceId", "463ac35c9f6413ad");
        headers.set("X-B3-SpanId", "a2fb4a1d1a96d312");
        headers.set("X-B3-Sampled", "0");
        String traceId = tracer("{\"enable\": true, \"driver\": \"zipkin\"}").propagate(headers);
        assertEquals("463ac35c9f6413ad", traceId);
        assertEquals("463ac35c9f6413ad", headers.get("x-b3-traceid"));
        assertEquals("a2fb4a1d1a96d312", headers.get("x-b3-parentspanid"));
        assertNotEquals("a2fb4a1d1a96d312", headers.get("x-b3-spanid"));
        assertEquals("0", headers.get("x-b3-sampled"));
        assertNull(headers.get("traceparent"), "only B3 is configured");
    }

    @Test
    void bothFormatsCarryOneTraceAndTheSingleB3HeaderKeepsItsForm() throws Exception {
        Tracer both = tracer("{\"enable\": true, \"config\": {\"propagation\": [\"w3c\", \"b3\"]}}");
        HeaderMap fresh = new DefaultHeaderMap(4);
        String traceId = both.propagate(fresh);
        assertEquals(traceId, fresh.get("x-b3-traceid"));
        assertEquals(traceId, fresh.get("traceparent").substring(3, 35));
        assertEquals(fresh.get("x-b3-spanid"), fresh.get("traceparent").substring(36, 52));

        HeaderMap single = new DefaultHeaderMap(4);
        single.set("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1");
        assertEquals("80f198ee56343ba864fe8b2a57d3eff7", both.propagate(single));
        String b3 = single.get("b3");
        assertTrue(b3.startsWith("80f198ee56343ba864fe8b2a57d3eff7-") && b3.endsWith("-1-e457b5a2e4d86bd1"), b3);
        assertNull(single.get("x-b3-traceid"));
    }

    @Test
    void offOrDisabledLeavesHeadersAlone() throws Exception {
        HeaderMap headers = new DefaultHeaderMap(4);
        assertEquals("", tracer("{\"enable\": false, \"driver\": \"SOFATracer\"}").propagate(headers));
        assertEquals("", Tracer.build(null, new ConfigProblems()).propagate(headers));
        assertEquals(0, headers.size());
    }

    @Test
    void badConfigNamesItsPath() throws Exception {
        assertTrue(problem("{\"enable\": true, \"driver\": \"dapper\"}").contains("tracing.driver"));
        assertTrue(problem("{\"enable\": true, \"config\": {\"propagation\": [\"xray\"]}}")
                .contains("tracing.config.propagation[0]"));
        assertTrue(problem("{\"enable\": \"yes\"}").contains("tracing.enable"));
    }
}
