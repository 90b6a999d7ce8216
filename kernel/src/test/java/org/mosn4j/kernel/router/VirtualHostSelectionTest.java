package org.mosn4j.kernel.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mosn4j.kernel.router.RouterTesting.request;

import org.junit.jupiter.api.Test;

class VirtualHostSelectionTest {

    /** Each virtual host routes everything to a cluster named after it. */
    private static String host(String name, String... domains) {
        return "{\"name\": \"" + name + "\", \"domains\": [\"" + String.join("\", \"", domains) + "\"], "
                + "\"routers\": [{\"route\": {\"cluster_name\": \"" + name + "\"}}]}";
    }

    private static RouterTable table(String... hosts) throws Exception {
        return RouterTesting.table("{\"router_config_name\": \"r\", \"virtual_hosts\": [" + String.join(", ", hosts) + "]}");
    }

    private static String hostFor(RouterTable table, String authority) {
        RouteEntry route = table.match(request(authority, "/"), null);
        return route == null ? null : route.virtualHostName();
    }

    @Test
    void exactDomainBeatsEveryWildcard() throws Exception {
        RouterTable table = table(host("default", "*"), host("suffix", "*.example.com"), host("prefix", "api.*"),
                host("exact", "api.example.com"));
        assertEquals("exact", hostFor(table, "api.example.com"));
    }

    @Test
    void suffixWildcardBeatsPrefixWildcardAndLongestSuffixWins() throws Exception {
        RouterTable table = table(host("default", "*"), host("short", "*.com"), host("prefix", "api.*"),
                host("long", "*.example.com"));
        assertEquals("long", hostFor(table, "api.example.com"));
        assertEquals("short", hostFor(table, "api.other.com"));
        assertEquals("prefix", hostFor(table, "api.other.org"));
    }

    @Test
    void suffixWithoutDotAndLongestPrefixWin() throws Exception {
        RouterTable table = table(host("dash", "*-api.example.com"), host("short", "api*"), host("long", "api.eu.*"),
                host("default", "*"));
        assertEquals("dash", hostFor(table, "eu-api.example.com"));
        assertEquals("long", hostFor(table, "api.eu.example.org"));
        assertEquals("short", hostFor(table, "api.us.example.org"));
    }

    @Test
    void wildcardStandsForAtLeastOneCharacter() throws Exception {
        RouterTable table = table(host("suffix", "*.example.com"), host("default", "*"));
        assertEquals("default", hostFor(table, ".example.com"));
        assertEquals("suffix", hostFor(table, "a.example.com"));
    }

    @Test
    void defaultCatchesTheRestAndRequestsWithoutAuthority() throws Exception {
        RouterTable table = table(host("exact", "example.com"), host("default", "*"));
        assertEquals("default", hostFor(table, "other.org"));
        assertEquals("default", hostFor(table, null));
    }

    @Test
    void portIsIgnoredAndCaseDoesNotMatter() throws Exception {
        RouterTable table = table(host("exact", "Example.COM"), host("v6", "[::1]"), host("default", "*"));
        assertEquals("exact", hostFor(table, "EXAMPLE.com:8080"));
        assertEquals("exact", hostFor(table, "example.com"));
        assertEquals("v6", hostFor(table, "[::1]:80"));
    }

    @Test
    void noVirtualHostMatchesWithoutDefault() throws Exception {
        RouterTable table = table(host("exact", "example.com"));
        assertNull(table.match(request("other.org", "/"), null));
        assertNull(table.match(request(null, "/"), null));
    }

    @Test
    void virtualHostCanServeSeveralDomains() throws Exception {
        RouterTable table = table(host("both", "a.example.com", "*.b.example.com"), host("default", "*"));
        assertEquals("both", hostFor(table, "a.example.com"));
        assertEquals("both", hostFor(table, "x.b.example.com"));
        assertEquals("default", hostFor(table, "b.example.com"));
    }
}
