package org.mosn4j.kernel.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mosn4j.kernel.router.RouterTesting.clusterFor;
import static org.mosn4j.kernel.router.RouterTesting.oneHost;
import static org.mosn4j.kernel.router.RouterTesting.request;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteMatchTest {

    private static String route(String match, String cluster) {
        return "{\"match\": " + match + ", \"route\": {\"cluster_name\": \"" + cluster + "\"}}";
    }

    private static RouterTable table(String... routes) throws Exception {
        return RouterTesting.table(oneHost(String.join(", ", routes)));
    }

    private static String clusterForPath(RouterTable table, String path) {
        return clusterFor(table, request("example.com", path));
    }

    @Test
    void exactPathIgnoresQueryAndMatchesNothingLonger() throws Exception {
        RouterTable table = table(route("{\"path\": \"/login\"}", "login"));
        assertEquals("login", clusterForPath(table, "/login"));
        assertEquals("login", clusterForPath(table, "/login?next=/home"));
        assertNull(clusterForPath(table, "/login/again"));
        assertNull(clusterForPath(table, "/Login"));
    }

    @Test
    void prefixMatchesTheStartOfThePath() throws Exception {
        RouterTable table = table(route("{\"prefix\": \"/api/\"}", "api"));
        assertEquals("api", clusterForPath(table, "/api/users"));
        assertEquals("api", clusterForPath(table, "/api/"));
        assertNull(clusterForPath(table, "/api"));
        assertNull(clusterForPath(table, "/web?x=/api/"));
    }

    @Test
    void regexMustMatchTheWholePathWithoutQuery() throws Exception {
        RouterTable table = table(route("{\"regex\": \"/v[0-9]+/items\"}", "versioned"));
        assertEquals("versioned", clusterForPath(table, "/v2/items"));
        assertEquals("versioned", clusterForPath(table, "/v2/items?page=3"));
        assertNull(clusterForPath(table, "/v2/items/7"));
        assertNull(clusterForPath(table, "/x/v2/items"));
    }

    @Test
    void pathBeatsPrefixBeatsRegexWhenSeveralAreSet() throws Exception {
        RouterTable pathAndPrefix = table(route("{\"path\": \"/exact\", \"prefix\": \"/\"}", "path"));
        assertEquals("path", clusterForPath(pathAndPrefix, "/exact"));
        assertNull(clusterForPath(pathAndPrefix, "/other"));

        RouterTable prefixAndRegex = table(route("{\"prefix\": \"/a/\", \"regex\": \".*\"}", "prefix"));
        assertEquals("prefix", clusterForPath(prefixAndRegex, "/a/b"));
        assertNull(clusterForPath(prefixAndRegex, "/b"));
    }

    @Test
    void firstMatchingRouteWinsInConfigOrder() throws Exception {
        RouterTable table = table(route("{\"prefix\": \"/api/\"}", "api"), route("{\"prefix\": \"/\"}", "web"),
                route("{\"prefix\": \"/api/special\"}", "unreachable"));
        assertEquals("api", clusterForPath(table, "/api/special"));
        assertEquals("web", clusterForPath(table, "/index.html"));
    }

    @Test
    void emptyOrAbsentMatchMatchesEverything() throws Exception {
        RouterTable empty = table(route("{}", "all"));
        assertEquals("all", clusterForPath(empty, "/anything"));
        assertEquals("all", clusterForPath(empty, null));
        RouterTable absent = table("{\"route\": {\"cluster_name\": \"all\"}}");
        assertEquals("all", clusterForPath(absent, "/anything"));
    }

    @Test
    void pathMatchersNeverMatchARequestWithoutPath() throws Exception {
        RouterTable table = table(route("{\"prefix\": \"/\"}", "web"));
        assertNull(clusterForPath(table, null));
    }

    @Test
    void noRouteMatchesGivesNull() throws Exception {
        RouterTable table = table(route("{\"prefix\": \"/api/\"}", "api"));
        assertNull(table.match(request("example.com", "/web"), null));
    }

    @Test
    void everyHeaderMustMatchExactly() throws Exception {
        RouterTable table = table(route("{\"prefix\": \"/\", \"headers\": [{\"name\": \"x-tenant\", \"value\": \"blue\"}, "
                + "{\"name\": \"x-zone\", \"value\": \"eu\"}]}", "blue"), route("{\"prefix\": \"/\"}", "other"));
        assertEquals("blue", clusterFor(table, request("h", "/", "X-Tenant", "blue", "x-zone", "eu")));
        assertEquals("other", clusterFor(table, request("h", "/", "x-tenant", "blue")));
        assertEquals("other", clusterFor(table, request("h", "/", "x-tenant", "blue2", "x-zone", "eu")));
        assertEquals("other", clusterFor(table, request("h", "/", "x-tenant", "Blue", "x-zone", "eu")));
    }

    @Test
    void regexHeaderMustMatchTheWholeValue() throws Exception {
        RouterTable table = table(route("{\"headers\": [{\"name\": \"x-canary\", \"value\": \"yes|true\", \"regex\": true}]}",
                "canary"), route("{}", "stable"));
        assertEquals("canary", clusterFor(table, request("h", "/", "x-canary", "true")));
        assertEquals("stable", clusterFor(table, request("h", "/", "x-canary", "truely")));
        assertEquals("stable", clusterFor(table, request("h", "/")));
    }

    @Test
    void headerWithRegexFalseIsExact() throws Exception {
        RouterTable table = table(route("{\"headers\": [{\"name\": \"x-id\", \"value\": \"a.c\", \"regex\": false}]}", "exact"),
                route("{}", "other"));
        assertEquals("exact", clusterFor(table, request("h", "/", "x-id", "a.c")));
        assertEquals("other", clusterFor(table, request("h", "/", "x-id", "abc")));
    }

    @Test
    void headerWithoutValueMatchesAnyValueButNotAbsence() throws Exception {
        RouterTable table = table(route("{\"headers\": [{\"name\": \"x-debug\"}]}", "debug"), route("{}", "other"));
        assertEquals("debug", clusterFor(table, request("h", "/", "x-debug", "")));
        assertEquals("other", clusterFor(table, request("h", "/")));
    }

    @Test
    void pseudoHeadersCanBeMatchedByName() throws Exception {
        RouterTable table = table(route("{\"headers\": [{\"name\": \":method\", \"value\": \"POST\"}, "
                + "{\"name\": \":path\", \"value\": \"/upload\\\\?.*\", \"regex\": true}]}", "upload"), route("{}", "other"));
        var post = request("h", "/upload?id=1");
        post.set(":method", "POST");
        assertEquals("upload", clusterFor(table, post));
        assertEquals("other", clusterFor(table, request("h", "/upload?id=1")));
    }

    @Test
    void serviceHeaderWithDotStarMatchesAnyServiceAsInMosn() throws Exception {
        RouterTable table = table(route("{\"headers\": [{\"name\": \"service\", \"value\": \"org\\\\.example\\\\.Greeter\", "
                + "\"regex\": true}]}", "greeter"), route("{\"headers\": [{\"name\": \"service\", \"value\": \".*\"}]}", "any"));
        assertEquals("greeter", clusterFor(table, request(null, null, "service", "org.example.Greeter")));
        assertEquals("any", clusterFor(table, request(null, null, "service", "org.example.Other")));
        assertNull(clusterFor(table, request(null, null)));
        assertNull(clusterFor(table, request(null, null, "service", "")));
    }

    @Test
    void dotStarIsLiteralForOtherHeaders() throws Exception {
        RouterTable table = table(route("{\"headers\": [{\"name\": \"x-any\", \"value\": \".*\"}]}", "literal"));
        assertNull(clusterFor(table, request("h", "/", "x-any", "abc")));
        assertEquals("literal", clusterFor(table, request("h", "/", "x-any", ".*")));
    }

    @Test
    void variablesAreLookedUpWithTheFunction() throws Exception {
        RouterTable table = table(route("{\"variables\": [{\"name\": \"x-env\", \"value\": \"prod\"}, "
                + "{\"name\": \"x-user\", \"value\": \"u[0-9]+\", \"regex\": true}]}", "prod"), route("{}", "other"));
        assertEquals("prod", clusterFor(table, request("h", "/"), Map.of("x-env", "prod", "x-user", "u42")));
        assertEquals("other", clusterFor(table, request("h", "/"), Map.of("x-env", "prod", "x-user", "u42x")));
        assertEquals("other", clusterFor(table, request("h", "/"), Map.of("x-env", "prod")));
        assertEquals("other", clusterFor(table, request("h", "/", "x-env", "prod", "x-user", "u1")));
        assertEquals("other", table.match(request("h", "/"), null).chooseCluster(request("h", "/")));
    }

    @Test
    void variableModelOrJoinsToTheNextMatcher() throws Exception {
        RouterTable table = table(route("{\"variables\": [{\"name\": \"a\", \"value\": \"1\", \"model\": \"or\"}, "
                + "{\"name\": \"b\", \"value\": \"2\"}]}", "either"), route("{}", "other"));
        assertEquals("either", clusterFor(table, request("h", "/"), Map.of("a", "1")));
        assertEquals("either", clusterFor(table, request("h", "/"), Map.of("b", "2")));
        assertEquals("other", clusterFor(table, request("h", "/"), Map.of("a", "2", "b", "1")));
    }

    @Test
    void headersAndVariablesAndPathAllHaveToMatch() throws Exception {
        RouterTable table = table(route("{\"prefix\": \"/api/\", \"headers\": [{\"name\": \"x-tenant\", \"value\": \"blue\"}], "
                + "\"variables\": [{\"name\": \"zone\", \"value\": \"eu\"}]}", "all"), route("{}", "other"));
        assertEquals("all", clusterFor(table, request("h", "/api/x", "x-tenant", "blue"), Map.of("zone", "eu")));
        assertEquals("other", clusterFor(table, request("h", "/web", "x-tenant", "blue"), Map.of("zone", "eu")));
        assertEquals("other", clusterFor(table, request("h", "/api/x", "x-tenant", "red"), Map.of("zone", "eu")));
        assertEquals("other", clusterFor(table, request("h", "/api/x", "x-tenant", "blue"), Map.of("zone", "us")));
    }
}
