package org.mosn4j.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.FilterConfig.OnPluginDisabled;
import org.mosn4j.spi.config.ConfigException;

class FilterConfigTest {

    private static String withStreamFilter(String entry) {
        return "{\"servers\": [{\"listeners\": [{\"name\": \"l\", \"address\": \"127.0.0.1:0\", \"stream_filters\": ["
                + entry + "]}]}]}";
    }

    private static FilterConfig streamFilter(String entry) throws Exception {
        return ConfigLoader.parse(withStreamFilter(entry), null).config().server().listeners().get(0).streamFilters().get(0);
    }

    @Test
    void onPluginDisabledIsReadInAnyCaseAndDefaultsToReject() throws Exception {
        assertEquals(OnPluginDisabled.SKIP, streamFilter("{\"type\": \"t\", \"on_plugin_disabled\": \"skip\"}").onPluginDisabled());
        assertEquals(OnPluginDisabled.REJECT, streamFilter("{\"type\": \"t\", \"On_Plugin_Disabled\": \"REJECT\"}").onPluginDisabled());
        FilterConfig absent = streamFilter("{\"type\": \"t\"}");
        assertEquals(null, absent.onPluginDisabled());
        assertEquals(OnPluginDisabled.REJECT, absent.onPluginDisabledOrDefault());
        assertTrue(absent.configOrEmpty().isObject() && absent.configOrEmpty().isEmpty());
    }

    @Test
    void aWrongValueIsReportedAtItsPath() {
        List<ConfigException> problems = ConfigTesting.parseProblems(
                withStreamFilter("{\"type\": \"t\", \"on_plugin_disabled\": \"maybe\"}"));
        assertEquals(1, problems.size());
        assertEquals("servers[0].listeners[0].stream_filters[0].on_plugin_disabled", problems.get(0).path());
        assertEquals("expected \"skip\" or \"reject\", got \"maybe\"", problems.get(0).problem());
        List<ConfigException> number = ConfigTesting.parseProblems(withStreamFilter("{\"type\": \"t\", \"on_plugin_disabled\": 1}"));
        assertEquals("servers[0].listeners[0].stream_filters[0].on_plugin_disabled", number.get(0).path());
    }
}
