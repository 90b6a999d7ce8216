package org.mosn4j.kernel.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mosn4j.kernel.router.RouterTesting.oneHost;
import static org.mosn4j.kernel.router.RouterTesting.request;

import org.junit.jupiter.api.Test;
import org.mosn4j.spi.stream.HeaderMap;

/** Routes answered by the proxy itself: direct responses and redirects. */
class ResponseActionsTest {

    private static RouteEntry onlyRoute(String route) throws Exception {
        return RouterTesting.table(oneHost(route)).match(request("example.com", "/"), null);
    }

    @Test
    void directResponseCarriesStatusAndBody() throws Exception {
        RouteEntry route = onlyRoute("{\"match\": {\"prefix\": \"/\"}, \"direct_response\": {\"status\": 503, \"body\": \"down\"}}");
        assertEquals(new DirectResponse(503, "down"), route.directResponse());
        assertNull(route.redirect());
        assertNull(route.chooseCluster(request("example.com", "/")));
        assertNull(route.clusterName());
    }

    @Test
    void directResponseWithoutBodyHasAnEmptyOne() throws Exception {
        assertEquals(new DirectResponse(204, ""), onlyRoute("{\"direct_response\": {\"status\": 204}}").directResponse());
    }

    @Test
    void redirectKeepsWhatItDoesNotReplace() throws Exception {
        Redirect redirect = onlyRoute("{\"redirect\": {\"scheme_redirect\": \"HTTPS\"}}").redirect();
        assertEquals(301, redirect.responseCode());
        HeaderMap request = request("example.com:8080", "/a/b?x=1");
        request.set(":scheme", "http");
        assertEquals("https://example.com:8080/a/b?x=1", redirect.location(request));
        assertNull(onlyRoute("{\"redirect\": {\"scheme_redirect\": \"https\"}}").directResponse());
    }

    @Test
    void redirectReplacesHostAndPathKeepingTheQuery() throws Exception {
        Redirect redirect = onlyRoute("{\"redirect\": {\"response_code\": 308, \"host_redirect\": \"new.example.com\", "
                + "\"path_redirect\": \"/moved\"}}").redirect();
        assertEquals(308, redirect.responseCode());
        assertEquals("http://new.example.com/moved?x=1", redirect.location(request("old.example.com", "/old?x=1")));
    }

    @Test
    void pathRedirectWithQueryReplacesTheQuery() throws Exception {
        Redirect redirect = onlyRoute("{\"redirect\": {\"response_code\": 302, \"path_redirect\": \"/login?from=old\"}}")
                .redirect();
        HeaderMap request = request("example.com", "/account?id=7");
        request.set(":scheme", "https");
        assertEquals("https://example.com/login?from=old", redirect.location(request));
    }

    @Test
    void redirectWithoutAnyHostIsAPath() throws Exception {
        Redirect redirect = onlyRoute("{\"redirect\": {\"path_redirect\": \"/new\"}}").redirect();
        assertEquals("/new", redirect.location(request(null, "/old")));
    }
}
