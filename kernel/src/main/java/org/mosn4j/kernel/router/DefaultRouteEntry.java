package org.mosn4j.kernel.router;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;

/** One built route of a virtual host: its matcher and its action. Immutable. */
final class DefaultRouteEntry implements RouteEntry {

    /** What a route does, as built from {@code route}, {@code redirect} or {@code direct_response}. */
    record Action(
            DirectResponse directResponse,
            Redirect redirect,
            ClusterChooser clusterChooser,
            String clusterName,
            String upstreamProtocol,
            Duration timeout,
            RetryPolicy retryPolicy,
            PathRewrite pathRewrite,
            String hostRewrite,
            HeaderMutations requestMutations,
            HeaderMutations responseMutations,
            BalancingPolicy balancing) {

        static Action direct(DirectResponse response) {
            return new Action(response, null, ClusterChooser.NONE, null, null, Duration.ZERO, RetryPolicy.NONE,
                    null, null, HeaderMutations.NONE, HeaderMutations.NONE, BalancingPolicy.NONE);
        }

        static Action redirect(Redirect redirect) {
            return new Action(null, redirect, ClusterChooser.NONE, null, null, Duration.ZERO, RetryPolicy.NONE,
                    null, null, HeaderMutations.NONE, HeaderMutations.NONE, BalancingPolicy.NONE);
        }
    }

    private final String virtualHostName;
    private final RouteMatcher matcher;
    private final Action action;
    private final HeaderMutations requestMutations;
    private final HeaderMutations responseMutations;
    private final Map<String, Object> perFilterConfig;

    /**
     * @param virtualHostName the virtual host's name
     * @param matcher the route's match
     * @param action the route's action
     * @param enclosingRequestMutations the router's and virtual host's request header changes, in that order
     * @param enclosingResponseMutations the same for responses
     * @param perFilterConfig parsed filter configs by type, the route's over the virtual host's
     */
    DefaultRouteEntry(String virtualHostName, RouteMatcher matcher, Action action,
            HeaderMutations enclosingRequestMutations, HeaderMutations enclosingResponseMutations,
            Map<String, Object> perFilterConfig) {
        this.virtualHostName = virtualHostName;
        this.matcher = matcher;
        this.action = action;
        this.requestMutations = enclosingRequestMutations.then(action.requestMutations());
        this.responseMutations = enclosingResponseMutations.then(action.responseMutations());
        this.perFilterConfig = Map.copyOf(perFilterConfig);
    }

    boolean matches(String path, HeaderMap request, Function<String, String> variables) {
        return matcher.matches(path, request, variables);
    }

    @Override
    public String virtualHostName() {
        return virtualHostName;
    }

    @Override
    public String clusterName() {
        return action.clusterName();
    }

    @Override
    public Duration timeout() {
        return action.timeout();
    }

    @Override
    public Object perFilterConfig(String filterType) {
        return perFilterConfig.get(filterType);
    }

    @Override
    public DirectResponse directResponse() {
        return action.directResponse();
    }

    @Override
    public Redirect redirect() {
        return action.redirect();
    }

    @Override
    public String chooseCluster(HeaderMap request) {
        return action.clusterChooser().choose(request);
    }

    @Override
    public RetryPolicy retryPolicy() {
        return action.retryPolicy();
    }

    @Override
    public String upstreamProtocol() {
        return action.upstreamProtocol();
    }

    @Override
    public long hashKey(HeaderMap request, InetSocketAddress downstreamRemote) {
        return action.balancing().hashKey(request, downstreamRemote);
    }

    @Override
    public Map<String, String> metadataMatch(String clusterName) {
        return action.balancing().metadataMatch(clusterName);
    }

    @Override
    public void applyRequestMutations(HeaderMap request) {
        if (action.pathRewrite() != null) {
            PathAndQuery target = PathAndQuery.of(request.get(HeaderNames.PATH));
            if (target != null) {
                request.set(HeaderNames.PATH, action.pathRewrite().rewrite(target.path()) + target.query());
            }
        }
        if (action.hostRewrite() != null) {
            request.set(HeaderNames.AUTHORITY, action.hostRewrite());
        }
        requestMutations.apply(request);
    }

    @Override
    public void applyResponseMutations(HeaderMap response) {
        responseMutations.apply(response);
    }

    @Override
    public String toString() {
        return "route of virtual host " + virtualHostName + " to "
                + (action.directResponse() != null ? "direct response " + action.directResponse().status()
                : action.redirect() != null ? "redirect " + action.redirect().responseCode()
                : "cluster " + (action.clusterName() == null ? "(chosen per request)" : action.clusterName()));
    }
}
