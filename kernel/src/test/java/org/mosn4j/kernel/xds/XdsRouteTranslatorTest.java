package org.mosn4j.kernel.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mosn4j.kernel.xds.XdsClusterTranslatorTest.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.BoolValue;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XdsRouteTranslatorTest {

    private final TranslationNotes notes = new TranslationNotes();

    @Test
    void routeConfigBecomesAMosnRouterWithMatchesAndActions() throws Exception {
        RouteConfiguration config = RouteConfiguration.newBuilder()
                .setName("ingress-routes")
                .addResponseHeadersToAdd(header("x-served-by", "mosn4j", HeaderValueOption.HeaderAppendAction
                        .OVERWRITE_IF_EXISTS_OR_ADD))
                .addVirtualHosts(VirtualHost.newBuilder()
                        .setName("bookinfo")
                        .addDomains("bookinfo.example.com")
                        .addDomains("*.bookinfo.example.com")
                        .addRequestHeadersToRemove("x-internal")
                        .addRoutes(route(RouteMatch.newBuilder().setPath("/productpage"),
                                RouteAction.newBuilder().setCluster("productpage")
                                        .setTimeout(XdsTestResources.seconds(5, 0))
                                        .setRetryPolicy(RetryPolicy.newBuilder().setRetryOn("5xx,connect-failure")
                                                .setNumRetries(UInt32Value.of(2))
                                                .setPerTryTimeout(XdsTestResources.seconds(1, 0))
                                                .addRetriableStatusCodes(503))))
                        .addRoutes(route(RouteMatch.newBuilder().setPrefix("/reviews")
                                        .addHeaders(HeaderMatcher.newBuilder().setName("x-user")
                                                .setStringMatch(StringMatcher.newBuilder().setExact("jason")))
                                        .addHeaders(HeaderMatcher.newBuilder().setName("x-canary")
                                                .setPresentMatch(true)),
                                RouteAction.newBuilder()
                                        .setWeightedClusters(WeightedCluster.newBuilder()
                                                .addClusters(WeightedCluster.ClusterWeight.newBuilder()
                                                        .setName("reviews-v1").setWeight(UInt32Value.of(90)))
                                                .addClusters(WeightedCluster.ClusterWeight.newBuilder()
                                                        .setName("reviews-v2").setWeight(UInt32Value.of(10))
                                                        .setMetadataMatch(lb("version", "v2")))
                                                .addClusters(WeightedCluster.ClusterWeight.newBuilder()
                                                        .setName("reviews-v3").setWeight(UInt32Value.of(0))))
                                        .setPrefixRewrite("/")))
                        .addRoutes(route(RouteMatch.newBuilder().setSafeRegex(RegexMatcher.newBuilder()
                                        .setRegex("/api/v[0-9]+/.*"))
                                        .addHeaders(HeaderMatcher.newBuilder().setName("user-agent")
                                                .setStringMatch(StringMatcher.newBuilder().setPrefix("curl/")
                                                        .setIgnoreCase(true))),
                                RouteAction.newBuilder().setClusterHeader("x-cluster")
                                        .setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
                                                .setPattern(RegexMatcher.newBuilder().setRegex("^/api/(.*)$"))
                                                .setSubstitution("/\\1"))
                                        .setHostRewriteLiteral("api.internal")
                                        .addHashPolicy(RouteAction.HashPolicy.newBuilder().setHeader(
                                                RouteAction.HashPolicy.Header.newBuilder().setHeaderName("x-user")))))
                        .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/old"))
                                .setRedirect(RedirectAction.newBuilder().setHttpsRedirect(true)
                                        .setPathRedirect("/new")
                                        .setResponseCode(RedirectAction.RedirectResponseCode.FOUND)))
                        .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/"))
                                .setDirectResponse(DirectResponseAction.newBuilder().setStatus(404)
                                        .setBody(DataSource.newBuilder().setInlineString("no such page")))))
                .build();

        ObjectNode router = RouteTranslator.translate(config, Map.of("productpage", "Http2")::get, notes);

        assertEquals(json("""
                {"router_config_name": "ingress-routes",
                 "virtual_hosts": [{
                   "name": "bookinfo",
                   "domains": ["bookinfo.example.com", "*.bookinfo.example.com"],
                   "routers": [
                     {"match": {"path": "/productpage"},
                      "route": {"cluster_name": "productpage", "upstream_protocol": "Http2", "timeout": "5s",
                                "retry_policy": {"retry_on": true, "num_retries": 2, "retry_timeout": "1s",
                                                 "status_codes": [503]}}},
                     {"match": {"prefix": "/reviews",
                                "headers": [{"name": "x-user", "value": "jason"}, {"name": "x-canary"}]},
                      "route": {"weighted_clusters": [
                                  {"cluster": {"name": "reviews-v1", "weight": 90}},
                                  {"cluster": {"name": "reviews-v2", "weight": 10,
                                               "metadata_match": {"filter_metadata": {"mosn.lb": {"version": "v2"}}}}}],
                                "timeout": "15s", "prefix_rewrite": "/"}},
                     {"match": {"regex": "/api/v[0-9]+/.*",
                                "headers": [{"name": "user-agent", "value": "(?i)\\\\Qcurl/\\\\E.*", "regex": true}]},
                      "route": {"cluster_header": "x-cluster", "timeout": "15s",
                                "regex_rewrite": {"pattern": {"regex": "^/api/(.*)$"}, "substitution": "/\\\\1"},
                                "host_rewrite": "api.internal", "hash_policy": [{"header": {"key": "x-user"}}]}},
                     {"match": {"prefix": "/old"},
                      "redirect": {"response_code": 302, "scheme_redirect": "https", "path_redirect": "/new"}},
                     {"match": {"prefix": "/"}, "direct_response": {"status": 404, "body": "no such page"}}],
                   "request_headers_to_remove": ["x-internal"]}],
                 "response_headers_to_add": [{"header": {"key": "x-served-by", "value": "mosn4j"}, "append": false}]}
                """), router);
        assertEquals(List.of(), notes.all());
        KernelChecks.routersBuild(router);
    }

    @Test
    void routesWithConditionsMosnCannotMatchAreLeftOut() throws Exception {
        RouteConfiguration config = RouteConfiguration.newBuilder()
                .setName("r")
                .addVirtualHosts(VirtualHost.newBuilder()
                        .setName("vh")
                        .addDomains("*")
                        .addRoutes(route(RouteMatch.newBuilder().setPrefix("/canary")
                                        .setRuntimeFraction(RuntimeFractionalPercent.newBuilder().setDefaultValue(
                                                FractionalPercent.newBuilder().setNumerator(10))),
                                RouteAction.newBuilder().setCluster("canary")))
                        .addRoutes(route(RouteMatch.newBuilder().setPrefix("/search")
                                        .addQueryParameters(QueryParameterMatcher.newBuilder().setName("q")),
                                RouteAction.newBuilder().setCluster("search")))
                        .addRoutes(route(RouteMatch.newBuilder().setPrefix("/")
                                        .addHeaders(HeaderMatcher.newBuilder().setName("x-debug").setInvertMatch(true)
                                                .setPresentMatch(true)),
                                RouteAction.newBuilder().setCluster("debug")))
                        .addRoutes(route(RouteMatch.newBuilder().setPrefix("/")
                                        .setCaseSensitive(BoolValue.of(false)),
                                RouteAction.newBuilder().setCluster("stable"))))
                .build();

        ObjectNode router = RouteTranslator.translate(config, name -> null, notes);

        assertEquals(json("""
                [{"match": {"prefix": "/"}, "route": {"cluster_name": "stable", "timeout": "15s"}}]
                """), router.at("/virtual_hosts/0/routers"));
        assertEquals(List.of(
                "route_configuration \"r\": virtual_hosts[0].routes[0].match.runtime_fraction is not translated (the "
                        + "route is left out: mosn4j cannot match on runtime_fraction)",
                "route_configuration \"r\": virtual_hosts[0].routes[1].match.query_parameters is not translated (the "
                        + "route is left out: mosn4j cannot match on query_parameters)",
                "route_configuration \"r\": virtual_hosts[0].routes[2].match.headers[0].invert_match is not translated "
                        + "(the route is left out: inverted header matches have no MOSN form)",
                "route_configuration \"r\": virtual_hosts[0].routes[3].match.case_sensitive is not translated (paths "
                        + "are matched case-sensitively)"),
                notes.all().stream().map(TranslationNotes.Note::message).toList());
        KernelChecks.routersBuild(router);
    }

    private static Route route(RouteMatch.Builder match, RouteAction.Builder action) {
        return Route.newBuilder().setMatch(match).setRoute(action).build();
    }

    private static HeaderValueOption header(String key, String value, HeaderValueOption.HeaderAppendAction action) {
        return HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder().setKey(key).setValue(value))
                .setAppendAction(action).build();
    }

    private static Metadata lb(String key, String value) {
        return Metadata.newBuilder().putFilterMetadata("envoy.lb", Struct.newBuilder()
                .putFields(key, Value.newBuilder().setStringValue(value).build()).build()).build();
    }
}
