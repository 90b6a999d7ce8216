package org.mosn4j.kernel.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mosn4j.kernel.router.RouterTesting.oneHost;
import static org.mosn4j.kernel.router.RouterTesting.request;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;

/** Path and host rewrites, and header changes at the router, virtual host and route levels. */
class RequestMutationsTest {

    /** @return the one route of a table, matched with {@code path} */
    private static RouteEntry route(String match, String action, String path) throws Exception {
        RouterTable table = RouterTesting.table(oneHost("{\"match\": " + match + ", \"route\": " + action + "}"));
        return table.match(request("example.com", path), null);
    }

    private static String rewrittenPath(RouteEntry route, String path) {
        HeaderMap request = request("example.com", path);
        route.applyRequestMutations(request);
        return request.get(":path");
    }

    @Test
    void prefixRewriteReplacesTheMatchedPrefixAndKeepsTheQuery() throws Exception {
        RouteEntry route = route("{\"prefix\": \"/api/\"}", "{\"cluster_name\": \"c\", \"prefix_rewrite\": \"/internal/\"}",
                "/api/");
        assertEquals("/internal/v1/users?id=7&x=/api/", rewrittenPath(route, "/api/v1/users?id=7&x=/api/"));
        assertEquals("/internal/", rewrittenPath(route, "/api/"));
    }

    @Test
    void prefixRewriteOnAnExactPathReplacesThePath() throws Exception {
        RouteEntry route = route("{\"path\": \"/old\"}", "{\"cluster_name\": \"c\", \"prefix_rewrite\": \"/new\"}", "/old");
        assertEquals("/new?q=1", rewrittenPath(route, "/old?q=1"));
    }

    @Test
    void regexRewriteReplacesEveryMatchWithGroupsAndKeepsTheQuery() throws Exception {
        RouteEntry envoyStyle = route("{\"prefix\": \"/\"}", "{\"cluster_name\": \"c\", \"regex_rewrite\": "
                + "{\"pattern\": {\"regex\": \"^/api/(v[0-9]+)/(.*)$\"}, \"substitution\": \"/\\\\2/\\\\1\"}}", "/");
        assertEquals("/users/v1?a=/api/v2/x", rewrittenPath(envoyStyle, "/api/v1/users?a=/api/v2/x"));
        assertEquals("/web/page", rewrittenPath(envoyStyle, "/web/page"));

        RouteEntry goStyle = route("{\"prefix\": \"/\"}", "{\"cluster_name\": \"c\", \"regex_rewrite\": "
                + "{\"pattern\": {\"regex\": \"o(o*)\"}, \"substitution\": \"[$1|${1}]$$\"}}", "/");
        assertEquals("/f[oo|oo]$/b[|]$b", rewrittenPath(goStyle, "/fooo/bob"));
    }

    @Test
    void hostRewriteSetsTheAuthority() throws Exception {
        RouteEntry route = route("{\"prefix\": \"/\"}", "{\"cluster_name\": \"c\", \"host_rewrite\": \"backend.internal\"}", "/");
        HeaderMap request = request("example.com", "/x");
        route.applyRequestMutations(request);
        assertEquals("backend.internal", request.get(":authority"));
        assertEquals("/x", request.get(":path"));
    }

    @Test
    void noRewriteLeavesThePathAlone() throws Exception {
        RouteEntry route = route("{\"prefix\": \"/\"}", "{\"cluster_name\": \"c\"}", "/");
        assertEquals("/a?b=c", rewrittenPath(route, "/a?b=c"));
    }

    private static final String LEVELS = """
            {"router_config_name": "r",
             "request_headers_to_add": [
               {"header": {"key": "x-level", "value": "router"}, "append": false},
               {"header": {"key": "x-trail", "value": "router"}},
               {"header": {"key": "x-router-only", "value": "yes"}}],
             "request_headers_to_remove": ["x-secret"],
             "response_headers_to_add": [{"header": {"key": "x-served-by", "value": "router"}, "append": false}],
             "response_headers_to_remove": ["server"],
             "virtual_hosts": [{"name": "vh", "domains": ["*"],
               "request_headers_to_add": [
                 {"header": {"key": "x-level", "value": "vhost"}, "append": false},
                 {"header": {"key": "x-trail", "value": "vhost"}, "append": true}],
               "request_headers_to_remove": ["x-router-only"],
               "response_headers_to_add": [{"header": {"key": "x-served-by", "value": "vhost"}, "append": false}],
               "routers": [
                 {"match": {"prefix": "/plain"}, "route": {"cluster_name": "c"}},
                 {"match": {"prefix": "/"}, "route": {"cluster_name": "c",
                   "request_headers_to_add": [
                     {"header": {"key": "x-level", "value": "route"}, "append": false},
                     {"header": {"key": "x-trail", "value": "route"}, "append": true},
                     {"header": {"key": "x-trail", "value": "again"}}],
                   "request_headers_to_remove": ["x-drop"],
                   "response_headers_to_add": [{"header": {"key": "x-served-by", "value": "route"}, "append": true}],
                   "response_headers_to_remove": ["x-internal"]}}]}]}
            """;

    @Test
    void requestHeaderChangesApplyRouterThenVirtualHostThenRoute() throws Exception {
        RouterTable table = RouterTesting.table(LEVELS);
        HeaderMap request = request("h", "/x", "x-level", "client", "x-trail", "client", "x-secret", "s", "x-drop", "d",
                "x-keep", "k");
        table.match(request, null).applyRequestMutations(request);
        assertEquals(List.of("route"), request.getAll("x-level"));
        assertEquals(List.of("client", "router", "vhost", "route", "again"), request.getAll("x-trail"));
        assertFalse(request.contains("x-secret"));
        assertFalse(request.contains("x-drop"));
        assertFalse(request.contains("x-router-only"), "the virtual host removes what the router added");
        assertEquals("k", request.get("x-keep"));
    }

    @Test
    void routeWithoutHeaderChangesStillAppliesTheEnclosingOnes() throws Exception {
        RouterTable table = RouterTesting.table(LEVELS);
        HeaderMap request = request("h", "/plain", "x-drop", "d");
        table.match(request, null).applyRequestMutations(request);
        assertEquals(List.of("vhost"), request.getAll("x-level"));
        assertEquals(List.of("router", "vhost"), request.getAll("x-trail"));
        assertEquals("d", request.get("x-drop"));
    }

    @Test
    void responseHeaderChangesApplyRouterThenVirtualHostThenRoute() throws Exception {
        RouterTable table = RouterTesting.table(LEVELS);
        HeaderMap response = new DefaultHeaderMap();
        response.set(":status", "200");
        response.set("server", "upstream");
        response.set("x-internal", "1");
        response.set("x-served-by", "upstream");
        table.match(request("h", "/x"), null).applyResponseMutations(response);
        assertEquals(List.of("vhost", "route"), response.getAll("x-served-by"));
        assertFalse(response.contains("server"));
        assertFalse(response.contains("x-internal"));
        assertEquals("200", response.get(":status"));

        HeaderMap plain = new DefaultHeaderMap();
        plain.set("x-internal", "1");
        table.match(request("h", "/plain"), null).applyResponseMutations(plain);
        assertEquals(List.of("vhost"), plain.getAll("x-served-by"));
        assertEquals("1", plain.get("x-internal"));
    }

    @Test
    void enclosingHeaderChangesApplyToDirectResponsesToo() throws Exception {
        RouterTable table = RouterTesting.table("""
                {"router_config_name": "r",
                 "response_headers_to_add": [{"header": {"key": "x-proxy", "value": "mosn4j"}}],
                 "virtual_hosts": [{"domains": ["*"], "routers": [{"direct_response": {"status": 200}}]}]}
                """);
        HeaderMap response = new DefaultHeaderMap();
        table.match(request("h", "/"), null).applyResponseMutations(response);
        assertEquals("mosn4j", response.get("x-proxy"));
    }
}
