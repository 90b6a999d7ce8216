package com.example.mosn4j.headerguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;

class HeaderGuardSettingsTest {

    private static final String PATH = "servers[0].listeners[0].stream_filters[0].config";

    private static HeaderGuardSettings settings(String json) throws Exception {
        JsonNode config = ConfigBinder.INSTANCE.mapper().readTree(json);
        return HeaderGuardSettings.from(config, PATH);
    }

    private static ConfigException problem(String json) {
        return assertThrows(ConfigException.class, () -> settings(json));
    }

    private static HeaderMap request(String name, String value) {
        HeaderMap headers = new DefaultHeaderMap();
        headers.set(":path", "/");
        headers.set(name, value);
        return headers;
    }

    @Test
    void aRuleMatchesAnyValueOfItsHeaderAnywhere() throws Exception {
        HeaderGuardSettings settings = settings("""
                {"request_headers": {"x-guard": "passed"}, "response_headers": {"x-guarded-by": "me"},
                 "deny": [{"header": "User-Agent", "regex": "(?i)badbot", "status": 451, "body": "no"},
                          {"header": "x-debug", "regex": "."}]}
                """);
        assertEquals(Map.of("x-guard", "passed"), settings.requestHeaders());
        assertEquals(Map.of("x-guarded-by", "me"), settings.responseHeaders());
        assertEquals(451, settings.firstMatch(request("user-agent", "curl BadBot/1.0")).status());
        HeaderGuardSettings.DenyRule debug = settings.firstMatch(request("x-debug", "1"));
        assertEquals(HeaderGuardSettings.DEFAULT_STATUS, debug.status());
        assertEquals("", debug.body());
        assertNull(settings.firstMatch(request("user-agent", "curl/8")));
    }

    @Test
    void anEmptyConfigGuardsNothing() throws Exception {
        assertNull(settings("{}").firstMatch(request("user-agent", "anything")));
    }

    @Test
    void problemsNameTheirJsonPath() {
        ConfigException regex = problem("{\"deny\": [{\"header\": \"a\", \"regex\": \"x\"}, {\"header\": \"b\", \"regex\": \"(\"}]}");
        assertEquals(PATH + ".deny[1].regex", regex.path());
        assertEquals("\"(\" is not a valid regular expression: Unclosed group near index 1", regex.problem());

        ConfigException status = problem("{\"deny\": [{\"header\": \"a\", \"regex\": \"x\", \"status\": 42}]}");
        assertEquals(PATH + ".deny[0].status", status.path());
        assertEquals("expected an HTTP status from 200 to 599, got 42", status.problem());

        ConfigException type = problem("{\"deny\": [{\"header\": \"a\", \"regex\": \"x\", \"status\": \"403\"}]}");
        assertEquals(PATH + ".deny[0].status", type.path());

        assertEquals(PATH + ".deny[0].header", problem("{\"deny\": [{\"regex\": \"x\"}]}").path());
        assertEquals(PATH + ".response_headers.:status", problem("{\"response_headers\": {\":status\": \"200\"}}").path());
    }
}
