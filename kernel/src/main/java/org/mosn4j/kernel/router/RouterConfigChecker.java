package org.mosn4j.kernel.router;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mosn4j.kernel.config.HeaderMatcherConfig;
import org.mosn4j.kernel.config.RouteConfig;
import org.mosn4j.kernel.config.RouterConfig;
import org.mosn4j.kernel.config.VirtualHostConfig;
import org.mosn4j.spi.config.ConfigException;

/** Checks a router config for errors the router would otherwise hit per request: names and regexes. */
public final class RouterConfigChecker {

    private RouterConfigChecker() {
    }

    /**
     * @param router the router config
     * @param path its JSON path
     * @throws ConfigException on the first error
     */
    public static void check(RouterConfig router, String path) throws ConfigException {
        if (router.routerConfigName() == null || router.routerConfigName().isEmpty()) {
            throw new ConfigException(path + ".router_config_name", "expected a router config name, got nothing");
        }
        for (int v = 0; v < router.virtualHosts().size(); v++) {
            VirtualHostConfig host = router.virtualHosts().get(v);
            String hostPath = path + ".virtual_hosts[" + v + "]";
            for (int r = 0; r < host.routers().size(); r++) {
                RouteConfig route = host.routers().get(r);
                String routePath = hostPath + ".routers[" + r + "]";
                if (route.match() == null) {
                    continue;
                }
                compile(route.match().regex(), routePath + ".match.regex");
                compileRegexValues(route.match().headers(), routePath + ".match.headers");
                compileRegexValues(route.match().variables(), routePath + ".match.variables");
            }
        }
    }

    private static void compileRegexValues(java.util.List<HeaderMatcherConfig> matchers, String path)
            throws ConfigException {
        for (int i = 0; i < matchers.size(); i++) {
            if (Boolean.TRUE.equals(matchers.get(i).regex())) {
                compile(matchers.get(i).value(), path + "[" + i + "].value");
            }
        }
    }

    private static void compile(String regex, String path) throws ConfigException {
        if (regex == null || regex.isEmpty()) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(path, "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }
}
