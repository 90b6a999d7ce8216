package org.mosn4j.plugin.filters.flowcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.upstream.ClusterManager;

/** The flowControlFilter config: MOSN's defaults, errors by JSON path, per-route settings, merged rules. */
class FlowControlConfigTest {

    private static final String PATH = "listeners[0].stream_filters[0].config";

    private record Context(String listenerName, String configPath, ClusterManager clusterManager)
            implements StreamFilterContext {
    }

    private static JsonNode json(String text) throws Exception {
        return ConfigBinder.INSTANCE.mapper().readTree(text);
    }

    /** Configures the filter, keeping Sentinel's files in target/. */
    private static void configure(String listener, String config) throws Exception {
        ObjectNode node = (ObjectNode) json(config);
        node.put("log_path", FlowControlProxyTest.SENTINEL_LOGS);
        new FlowControlFilterFactory().configure(node, new Context(listener, PATH, null));
    }

    @Test
    void mosnsDefaults() throws Exception {
        FlowControlSettings settings = FlowControlSettings.of(
                ConfigBinder.INSTANCE.bind(json("{}"), FlowControlConfig.class, PATH), PATH);
        assertFalse(settings.enabled());
        assertFalse(settings.monitor());
        assertEquals(LimitKeyType.PATH, settings.keyType());
        assertEquals(509, settings.status());
        assertEquals("current request is limited", new String(settings.body(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"limit_key_type\": \"HEADER\"}|.limit_key_type: expected PATH, URI or ARG, got \"HEADER\"",
        "{\"global_switch\": \"yes\"}|.global_switch: expected true or false",
        "{\"action\": {\"status\": 700}}|.action.status: expected an HTTP status from 200 to 599, got 700",
        "{\"rules\": [{\"threshold\": 1}]}|.rules[0].resource: expected the resource to limit",
        "{\"rules\": [{\"resource\": \"/a\"}]}|.rules[0].threshold: expected the limit",
        "{\"rules\": [{\"resource\": \"/a\", \"threshold\": \"5\"}]}|.rules[0].threshold: expected a number",
        "{\"rules\": [{\"resource\": \"/a\", \"threshold\": -1}]}|.rules[0].threshold: expected a limit of 0 or more",
        "{\"rules\": [{\"resource\": \"/a\", \"threshold\": 1, \"count\": 2}]}|.rules[0].count: threshold and count",
        "{\"rules\": [{\"resource\": \"/a\", \"threshold\": 1, \"grade\": 2}]}|.rules[0].grade: expected 1 (requests per second) or 0",
        "{\"rules\": [{\"resource\": \"/a\", \"threshold\": 1, \"strategy\": 2}]}|.rules[0].strategy: expected 0",
        "{\"rules\": [{\"resource\": \"/a\", \"threshold\": 1, \"strategy\": 1}]}|.rules[0].refResource: strategy 1",
        "{\"rules\": [{\"resource\": \"/a\", \"threshold\": 1, \"controlBehavior\": 2}]}|.rules[0].controlBehavior: only 0",
        "{\"rules\": [{\"resource\": \"/a\", \"threshold\": 1, \"clusterMode\": true}]}|.rules[0].clusterMode: cluster flow",
        "{\"dynamic_data_resources\": [{\"type\": \"nacos\"}]}|.dynamic_data_resources: rules from a data source"
    })
    void badFieldsAreNamedByTheirPath(String config, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> configure("bad-fields", config));
        assertTrue(e.getMessage().startsWith(PATH + expected), e.getMessage());
    }

    @Test
    void perRouteConfigReplacesTheSettingsItNamesAndTakesNoRules() throws Exception {
        FlowControlSettings listener = FlowControlSettings.of(ConfigBinder.INSTANCE.bind(json(
                "{\"global_switch\": true, \"action\": {\"status\": 429, \"body\": \"slow down\"}}"),
                FlowControlConfig.class, PATH), PATH);
        FlowControlFilterFactory factory = new FlowControlFilterFactory();
        FlowControlOverride monitorOnly = (FlowControlOverride) factory.parsePerRouteConfig(
                json("{\"monitor\": true}"), "routers[0].per_filter_config.flowControlFilter");
        FlowControlSettings merged = monitorOnly.applyTo(listener);
        assertTrue(merged.enabled() && merged.monitor());
        assertEquals(429, merged.status());
        assertEquals("slow down", new String(merged.body(), StandardCharsets.UTF_8));
        assertSame(merged, monitorOnly.applyTo(listener), "the merge is reused");

        FlowControlOverride off = (FlowControlOverride) factory.parsePerRouteConfig(
                json("{\"global_switch\": false, \"action\": {\"body\": \"\"}}"), "x");
        assertFalse(off.applyTo(listener).enabled());
        assertEquals(0, off.applyTo(listener).body().length);

        ConfigException rules = assertThrows(ConfigException.class, () -> factory.parsePerRouteConfig(
                json("{\"rules\": []}"), "routers[0].per_filter_config.flowControlFilter"));
        assertTrue(rules.getMessage().startsWith("routers[0].per_filter_config.flowControlFilter.rules: rules cannot be"
                + " set per route"), rules.getMessage());
        ConfigException key = assertThrows(ConfigException.class, () -> factory.parsePerRouteConfig(
                json("{\"limit_key_type\": \"path\"}"), "vh"));
        assertEquals("vh.limit_key_type: expected PATH, URI or ARG, got \"path\"", key.getMessage());
    }

    @Test
    void listenersShareRulesThatAgreeAndRejectRulesThatContradict() throws Exception {
        String rule = "{\"global_switch\": true, \"rules\": [{\"resource\": \"/merge-test\", \"grade\": 1, \"threshold\": %s}]}";
        configure("merge-a", rule.formatted("5"));
        configure("merge-b", rule.formatted("5"));
        assertTrue(SentinelFlowRules.INSTANCE.guards("/merge-test"));
        ConfigException e = assertThrows(ConfigException.class, () -> configure("merge-c", rule.formatted("6")));
        assertTrue(e.getMessage().startsWith(PATH + ".rules[0]: contradicts the rule for \"/merge-test\" at " + PATH
                + ".rules[0] (limit 5.0 there, 6.0 here)"), e.getMessage());
        // A listener configured again replaces its own rules.
        configure("merge-a", rule.formatted("5"));
    }

    @Test
    void relatedResourcesAreCountedToo() throws Exception {
        configure("relate", "{\"rules\": [{\"resource\": \"/relate-read\", \"threshold\": 1, \"strategy\": 1,"
                + " \"refResource\": \"/relate-write\"}]}");
        assertTrue(SentinelFlowRules.INSTANCE.guards("/relate-read"));
        assertTrue(SentinelFlowRules.INSTANCE.guards("/relate-write"));
        assertFalse(SentinelFlowRules.INSTANCE.guards("/relate-other"));
    }

    @Test
    void resourcesAreTakenFromThePathOrTheDubboCall() {
        HeaderMap http = new DefaultHeaderMap(2);
        http.set(":path", "/orders/7?verbose=1");
        assertEquals("/orders/7", LimitKeyType.PATH.resourceOf(http));
        assertEquals("/orders/7?verbose=1", LimitKeyType.URI.resourceOf(http));
        assertEquals("verbose=1", LimitKeyType.ARG.resourceOf(http));
        http.set(":path", "/plain");
        assertSame(http.get(":path"), LimitKeyType.PATH.resourceOf(http));
        assertNull(LimitKeyType.ARG.resourceOf(http));

        HeaderMap dubbo = new DefaultHeaderMap(2);
        dubbo.set("service", "org.example.Greeting");
        dubbo.set("method", "greet");
        assertEquals("/org.example.Greeting/greet", LimitKeyType.PATH.resourceOf(dubbo));
        assertEquals("/org.example.Greeting/greet", LimitKeyType.URI.resourceOf(dubbo));
        assertNull(LimitKeyType.ARG.resourceOf(dubbo));
        assertNull(LimitKeyType.PATH.resourceOf(new DefaultHeaderMap(0)));
    }
}
