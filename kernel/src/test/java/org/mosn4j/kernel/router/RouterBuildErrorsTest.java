package org.mosn4j.kernel.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mosn4j.kernel.router.RouterTesting.oneHost;
import static org.mosn4j.kernel.router.RouterTesting.request;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.spi.config.ConfigException;

class RouterBuildErrorsTest {

    private static final String ROUTE0 = "servers[0].routers[0].virtual_hosts[0].routers[0]";

    /** @return the one problem building {@code json} reports, as "path: problem" */
    private static String onlyProblem(String... json) throws Exception {
        List<ConfigException> problems = RouterTesting.problems(json);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        return problems.get(0).getMessage();
    }

    private static String onlyRouteProblem(String route) throws Exception {
        return onlyProblem(oneHost(route));
    }

    @Test
    void weightBelowOne() throws Exception {
        assertEquals("servers[0].routers[0].virtual_hosts[1].routers[2].route.weighted_clusters[0].cluster.weight: "
                + "expected a weight of 1 or more, got 0", onlyProblem("""
                {"router_config_name": "r", "virtual_hosts": [
                  {"name": "a", "domains": ["a"], "routers": [{"route": {"cluster_name": "c"}}]},
                  {"name": "b", "domains": ["b"], "routers": [
                    {"match": {"prefix": "/x"}, "route": {"cluster_name": "c"}},
                    {"match": {"prefix": "/y"}, "direct_response": {"status": 200}},
                    {"route": {"weighted_clusters": [{"cluster": {"name": "c1", "weight": 0}},
                                                     {"cluster": {"name": "c2", "weight": 5}}]}}]}]}
                """));
    }

    @Test
    void weightedClusterWithoutNameOrWeight() throws Exception {
        List<ConfigException> problems = RouterTesting.problems(oneHost(
                "{\"route\": {\"weighted_clusters\": [{\"cluster\": {}}, {}]}}"));
        assertEquals(List.of(
                ROUTE0 + ".route.weighted_clusters[0].cluster.name: expected a cluster name, got nothing",
                ROUTE0 + ".route.weighted_clusters[0].cluster.weight: expected a weight of 1 or more, got nothing",
                ROUTE0 + ".route.weighted_clusters[1].cluster: expected {\"name\": ..., \"weight\": ...}, got nothing"),
                problems.stream().map(ConfigException::getMessage).toList());
    }

    @Test
    void matchRegexThatDoesNotCompile() throws Exception {
        assertEquals(ROUTE0 + ".match.regex: invalid regular expression: Unclosed group near index 7",
                onlyRouteProblem("{\"match\": {\"regex\": \"/(users\"}, \"route\": {\"cluster_name\": \"c\"}}"));
    }

    @Test
    void headerAndVariableRegexesThatDoNotCompile() throws Exception {
        List<ConfigException> problems = RouterTesting.problems(oneHost("""
                {"match": {"headers": [{"name": "a", "value": "[", "regex": false}, {"name": "b", "value": "[", "regex": true}],
                           "variables": [{"name": "v", "value": "(", "regex": true}]},
                 "route": {"cluster_name": "c"}}
                """));
        assertEquals(List.of(ROUTE0 + ".match.headers[1].value", ROUTE0 + ".match.variables[0].value"),
                problems.stream().map(ConfigException::path).toList());
        assertEquals("invalid regular expression: Unclosed character class near index 0", problems.get(0).problem());
    }

    @Test
    void matcherWithoutNameOrWithUnknownModel() throws Exception {
        List<ConfigException> problems = RouterTesting.problems(oneHost("""
                {"match": {"headers": [{"value": "x"}], "variables": [{"name": "v", "value": "1", "model": "xor"}]},
                 "route": {"cluster_name": "c"}}
                """));
        assertEquals(List.of(ROUTE0 + ".match.headers[0].name: expected a header name, got nothing",
                        ROUTE0 + ".match.variables[0].model: expected \"and\" or \"or\", got \"xor\""),
                problems.stream().map(ConfigException::getMessage).toList());
    }

    @Test
    void dslExpressionsAreRefusedRatherThanIgnored() throws Exception {
        assertEquals(ROUTE0 + ".match.dsl_expressions: dsl_expressions are not supported; match with path, prefix, "
                + "regex, headers or variables", onlyRouteProblem(
                "{\"match\": {\"dsl_expressions\": [{\"expression\": \"x\"}]}, \"route\": {\"cluster_name\": \"c\"}}"));
    }

    @Test
    void routeWithoutAction() throws Exception {
        assertEquals(ROUTE0 + ": expected one of route, redirect or direct_response, got none",
                onlyRouteProblem("{\"match\": {\"prefix\": \"/\"}}"));
    }

    @Test
    void routeWithTwoActions() throws Exception {
        assertEquals(ROUTE0 + ": expected one of route, redirect or direct_response, got route and direct_response",
                onlyRouteProblem("{\"route\": {\"cluster_name\": \"c\"}, \"direct_response\": {\"status\": 200}}"));
    }

    @Test
    void routeActionWithoutCluster() throws Exception {
        assertEquals(ROUTE0 + ".route: expected cluster_name, cluster_header or weighted_clusters, got none",
                onlyRouteProblem("{\"route\": {\"timeout\": \"1s\"}}"));
    }

    @Test
    void negativeDurationsAndBadRetrySettings() throws Exception {
        List<ConfigException> problems = RouterTesting.problems(oneHost("""
                {"route": {"cluster_name": "c", "timeout": "-1s",
                  "retry_policy": {"retry_on": true, "num_retries": -1, "retry_timeout": "-5ms", "status_codes": [503, 700]}}}
                """));
        assertEquals(List.of(ROUTE0 + ".route.timeout: expected a duration of 0s or more",
                        ROUTE0 + ".route.retry_policy.num_retries: expected 0 or more retries, got -1",
                        ROUTE0 + ".route.retry_policy.retry_timeout: expected a duration of 0s or more",
                        ROUTE0 + ".route.retry_policy.status_codes[1]: expected a status from 100 to 599, got 700"),
                problems.stream().map(ConfigException::getMessage).toList());
    }

    @Test
    void directResponseStatusOutOfRange() throws Exception {
        assertEquals(ROUTE0 + ".direct_response.status: expected a status from 100 to 599, got 600",
                onlyRouteProblem("{\"direct_response\": {\"status\": 600}}"));
        assertEquals(ROUTE0 + ".direct_response.status: expected a status from 100 to 599, got 99",
                onlyRouteProblem("{\"direct_response\": {\"status\": 99}}"));
        assertEquals(ROUTE0 + ".direct_response.status: expected a status from 100 to 599, got nothing",
                onlyRouteProblem("{\"direct_response\": {\"body\": \"x\"}}"));
    }

    @Test
    void redirectCodeThatIsNotARedirect() throws Exception {
        assertEquals(ROUTE0 + ".redirect.response_code: expected one of 301, 302, 303, 307, 308, got 200",
                onlyRouteProblem("{\"redirect\": {\"response_code\": 200, \"path_redirect\": \"/x\"}}"));
    }

    @Test
    void redirectSchemeThatIsNotAScheme() throws Exception {
        assertEquals(ROUTE0 + ".redirect.scheme_redirect: expected a URL scheme such as \"https\", got \"ht tp\"",
                onlyRouteProblem("{\"redirect\": {\"scheme_redirect\": \"ht tp\"}}"));
    }

    @Test
    void prefixRewriteNeedsAPrefixOrPathMatch() throws Exception {
        assertEquals(ROUTE0 + ".route.prefix_rewrite: prefix_rewrite replaces what match.prefix or match.path matched, "
                + "and this route has neither; use regex_rewrite", onlyRouteProblem(
                "{\"match\": {\"regex\": \"/a.*\"}, \"route\": {\"cluster_name\": \"c\", \"prefix_rewrite\": \"/b\"}}"));
    }

    @Test
    void bothRewrites() throws Exception {
        assertEquals(ROUTE0 + ".route.regex_rewrite: set prefix_rewrite or regex_rewrite, not both", onlyRouteProblem(
                "{\"match\": {\"prefix\": \"/a\"}, \"route\": {\"cluster_name\": \"c\", \"prefix_rewrite\": \"/b\", "
                        + "\"regex_rewrite\": {\"pattern\": {\"regex\": \"a\"}, \"substitution\": \"b\"}}}"));
    }

    @Test
    void regexRewriteErrors() throws Exception {
        assertEquals(ROUTE0 + ".route.regex_rewrite.pattern.regex: invalid regular expression: Unclosed group near index 1",
                onlyRouteProblem("{\"route\": {\"cluster_name\": \"c\", \"regex_rewrite\": {\"pattern\": {\"regex\": \"(\"}}}}"));
        assertEquals(ROUTE0 + ".route.regex_rewrite.pattern.regex: expected a regular expression, got nothing",
                onlyRouteProblem("{\"route\": {\"cluster_name\": \"c\", \"regex_rewrite\": {\"substitution\": \"/\"}}}"));
        assertEquals(ROUTE0 + ".route.regex_rewrite.substitution: refers to group 2, and the pattern has 1 group",
                onlyRouteProblem("{\"route\": {\"cluster_name\": \"c\", \"regex_rewrite\": "
                        + "{\"pattern\": {\"regex\": \"/(a)\"}, \"substitution\": \"/\\\\2\"}}}"));
        assertEquals(ROUTE0 + ".route.regex_rewrite.substitution: expected a group number in \"${...}\", such as ${1}, "
                + "got \"${name}\"", onlyRouteProblem("{\"route\": {\"cluster_name\": \"c\", \"regex_rewrite\": "
                + "{\"pattern\": {\"regex\": \"/(?<name>a)\"}, \"substitution\": \"/${name}\"}}}"));
    }

    @Test
    void headerToAddWithoutKey() throws Exception {
        assertEquals("servers[0].routers[0].request_headers_to_add[1].header.key: expected a header name, got nothing",
                onlyProblem("""
                        {"router_config_name": "r",
                         "request_headers_to_add": [{"header": {"key": "a", "value": "1"}}, {"header": {"value": "2"}}],
                         "virtual_hosts": []}
                        """));
        assertEquals(ROUTE0 + ".route.response_headers_to_add[0].header.key: expected a header name, got nothing",
                onlyRouteProblem("{\"route\": {\"cluster_name\": \"c\", \"response_headers_to_add\": [{\"append\": true}]}}"));
    }

    @Test
    void twoVirtualHostsWithTheSameDomain() throws Exception {
        assertEquals("servers[0].routers[0].virtual_hosts[1].domains[1]: domain \"API.example.com\" is already served by "
                + "servers[0].routers[0].virtual_hosts[0]", onlyProblem("""
                {"router_config_name": "r", "virtual_hosts": [
                  {"domains": ["api.example.com"]},
                  {"domains": ["web.example.com", "API.example.com"]}]}
                """));
    }

    @Test
    void twoDefaultVirtualHosts() throws Exception {
        assertEquals("servers[0].routers[0].virtual_hosts[1].domains[0]: domain \"*\" is already served by "
                + "servers[0].routers[0].virtual_hosts[0]", onlyProblem("""
                {"router_config_name": "r", "virtual_hosts": [{"domains": ["*"]}, {"domains": ["*"]}]}
                """));
    }

    @Test
    void wildcardInTheMiddleOfADomain() throws Exception {
        assertEquals("servers[0].routers[0].virtual_hosts[0].domains[0]: expected a host name, \"*\", \"*.suffix\" or "
                + "\"prefix.*\", got \"api.*.com\"", onlyProblem("""
                {"router_config_name": "r", "virtual_hosts": [{"domains": ["api.*.com"]}]}
                """));
    }

    @Test
    void duplicateRouterConfigName() throws Exception {
        assertEquals("servers[0].routers[1].router_config_name: router config \"r\" is defined twice",
                onlyProblem("{\"router_config_name\": \"r\"}", "{\"router_config_name\": \"r\"}"));
    }

    @Test
    void routerConfigWithoutName() throws Exception {
        assertEquals("servers[0].routers[0].router_config_name: expected a router config name, got nothing",
                onlyProblem("{\"virtual_hosts\": []}"));
    }

    @Test
    void unregisteredConfigsAreStillChecked() throws Exception {
        List<ConfigException> problems = RouterTesting.problems("{\"router_config_name\": \"r\"}", oneHost("{}"));
        assertEquals(List.of("servers[0].routers[1].router_config_name",
                        "servers[0].routers[1].virtual_hosts[0].routers[0]"),
                problems.stream().map(ConfigException::path).toList());
    }

    @Test
    void everyErrorIsReportedAndOnlyTheFaultyRoutesAreLeftOut() throws Exception {
        ConfigProblems problems = new ConfigProblems();
        String path = "servers[0].listeners[0].filter_chains[0].filters[0].config";
        RouterTables tables = RouterTables.build(List.of(new NamedRouterConfig(RouterTesting.bind(oneHost("""
                {"match": {"prefix": "/bad"}, "direct_response": {"status": 1000}},
                {"match": {"prefix": "/worse"}},
                {"match": {"prefix": "/"}, "route": {"cluster_name": "good"}}
                """)), path)), type -> null, problems);
        assertEquals(List.of(path + ".virtual_hosts[0].routers[0].direct_response.status",
                        path + ".virtual_hosts[0].routers[1]"),
                problems.all().stream().map(ConfigException::path).toList());
        RouterTable table = tables.get("r");
        assertNotNull(table);
        assertEquals("good", table.match(request("h", "/bad"), null).chooseCluster(request("h", "/bad")));
        assertNull(tables.get("missing"));
        assertEquals(java.util.Set.of("r"), tables.names());
    }
}
