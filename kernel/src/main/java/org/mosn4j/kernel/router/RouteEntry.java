package org.mosn4j.kernel.router;

import java.net.InetSocketAddress;
import java.util.Map;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.RouteInfo;

/**
 * The route a request matched, with what the proxy needs to act on it. Exactly one of
 * {@link #directResponse()}, {@link #redirect()} and {@link #chooseCluster} gives an answer: a route is a
 * direct response, a redirect, or a route to a cluster.
 *
 * <p>Immutable and thread-safe; the header maps passed in belong to the caller's stream.
 */
public interface RouteEntry extends RouteInfo {

    /** @return the response to send without an upstream, or null when this is not a direct response route */
    DirectResponse directResponse();

    /** @return the redirect to answer with, or null when this is not a redirect route */
    Redirect redirect();

    /**
     * The cluster for this request: the pick from {@code weighted_clusters} when set, else the value of the
     * header named by {@code cluster_header} when set and present, else {@code cluster_name}.
     *
     * @param request the request headers
     * @return the cluster name, or null when there is none
     */
    String chooseCluster(HeaderMap request);

    /** @return the retry policy; {@link RetryPolicy#NONE} when the route sets none */
    RetryPolicy retryPolicy();

    /** @return the route's {@code upstream_protocol}, or null for the proxy's */
    String upstreamProtocol();

    /**
     * The key the consistent-hashing balancers pick a host by, from the route's {@code hash_policy} (see
     * {@link HashPolicy}).
     *
     * @param request the request headers
     * @param downstreamRemote the downstream peer's address, for {@code source_ip}; may be null
     * @return the hash key, or {@link org.mosn4j.spi.upstream.LoadBalancerContext#NO_HASH_KEY} when the route has
     *         no hash policy or none of its entries finds a value in this request
     */
    long hashKey(HeaderMap request, InetSocketAddress downstreamRemote);

    /**
     * The host metadata the request asks of a subset-balanced cluster: the {@code metadata_match} of the
     * {@code weighted_clusters} entry for {@code clusterName} when it sets one, else the route's.
     *
     * @param clusterName the cluster chosen for the request
     * @return the metadata keys and values under {@code filter_metadata."mosn.lb"}; empty when none is asked for
     */
    Map<String, String> metadataMatch(String clusterName);

    /**
     * Changes a request before it goes upstream: {@code prefix_rewrite} or {@code regex_rewrite} on the path
     * (the query is kept), {@code host_rewrite} on {@code :authority}, then the header removals and additions
     * of the router, the virtual host and the route, in that order, so the route's win.
     *
     * @param request the request headers, changed in place
     */
    void applyRequestMutations(HeaderMap request);

    /**
     * Changes a response before it goes downstream: the header removals and additions of the router, the
     * virtual host and the route, in that order.
     *
     * @param response the response headers, changed in place
     */
    void applyResponseMutations(HeaderMap response);
}
