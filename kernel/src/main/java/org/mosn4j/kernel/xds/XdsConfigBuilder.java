package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mosn4j.kernel.xds.ClusterTranslator.TranslatedCluster;
import org.mosn4j.kernel.xds.ListenerTranslator.TranslatedListener;

/**
 * Builds the xDS part of the config from the accepted resources: every resource translated, EDS hosts put into their
 * clusters, and listeners kept back until what they need has arrived (their RDS route configs, their tcp_proxy
 * clusters). A listener kept back whose earlier version is running stays at that version meanwhile. Pure.
 */
final class XdsConfigBuilder {

    private XdsConfigBuilder() {
    }

    /**
     * @param resources the accepted resources
     * @param applied what was applied last, for listeners kept back
     * @param foreign names xDS resources must not take
     * @param arrived the type of the response being handled, whose resources are checked against {@code foreign};
     *        null when none
     * @param clustersSubscribed whether CDS is subscribed, so the config is not whole before it answers
     * @param listenersSubscribed whether LDS is subscribed
     * @throws XdsTranslationException when a resource cannot work in mosn4j, or one of type {@code arrived} takes a
     *         foreign name
     */
    static XdsConfig build(XdsResources resources, XdsConfig applied, ForeignNames foreign, ResourceType arrived,
            boolean clustersSubscribed, boolean listenersSubscribed, TranslationNotes notes)
            throws XdsTranslationException {
        List<String> waiting = new ArrayList<>();
        if (clustersSubscribed && !resources.answered(ResourceType.CLUSTER)) {
            waiting.add("clusters (CDS)");
        }
        if (listenersSubscribed && !resources.answered(ResourceType.LISTENER)) {
            waiting.add("listeners (LDS)");
        }

        Map<String, ObjectNode> clusters = new LinkedHashMap<>();
        Map<String, List<ObjectNode>> hosts = new LinkedHashMap<>();
        Set<String> endpointNames = new LinkedHashSet<>();
        Map<String, String> upstreamProtocols = new HashMap<>();
        for (Message message : resources.of(ResourceType.CLUSTER).values()) {
            TranslatedCluster cluster = ClusterTranslator.translate((Cluster) message, notes);
            if (arrived == ResourceType.CLUSTER && foreign.clusters().contains(cluster.name())) {
                throw ForeignNames.clash(ClusterTranslator.KIND, cluster.name(), "cluster");
            }
            clusters.put(cluster.name(), cluster.config());
            upstreamProtocols.put(cluster.name(), cluster.upstreamProtocol());
            if (cluster.edsServiceName() == null) {
                hosts.put(cluster.name(), cluster.hosts());
            } else {
                endpointNames.add(cluster.edsServiceName());
                Message assignment = resources.of(ResourceType.ENDPOINT).get(cluster.edsServiceName());
                if (assignment == null) {
                    hosts.put(cluster.name(), List.of());
                    waiting.add("endpoints \"" + cluster.edsServiceName() + "\" (EDS) of cluster \"" + cluster.name()
                            + "\"");
                } else {
                    hosts.put(cluster.name(), EndpointTranslator.translate((ClusterLoadAssignment) assignment, notes));
                }
            }
        }

        Set<String> knownClusters = new LinkedHashSet<>(clusters.keySet());
        knownClusters.addAll(foreign.clusters());
        Map<String, TranslatedListener> listeners = new LinkedHashMap<>();
        Set<String> routeNames = new LinkedHashSet<>();
        Map<String, Message> routes = resources.of(ResourceType.ROUTE);
        for (Message message : resources.of(ResourceType.LISTENER).values()) {
            TranslatedListener listener = ListenerTranslator.translate((Listener) message, notes);
            if (arrived == ResourceType.LISTENER) {
                if (foreign.listeners().contains(listener.name())) {
                    throw ForeignNames.clash(ListenerTranslator.KIND, listener.name(), "listener");
                }
                for (String inline : listener.inlineRoutes().keySet()) {
                    if (foreign.routers().contains(inline)) {
                        throw new XdsTranslationException(ListenerTranslator.KIND, listener.name(), "route_config",
                                "its inline route config gets the router config name \"" + inline + "\", which is "
                                + "defined in the config file or through the admin API; rename one of them");
                    }
                }
            }
            routeNames.addAll(listener.routeConfigNames());
            Set<String> missing = new TreeSet<>();
            listener.routeConfigNames().stream().filter(name -> !routes.containsKey(name))
                    .forEach(name -> missing.add("route config \"" + name + "\" (RDS)"));
            listener.clusters().stream().filter(name -> !knownClusters.contains(name))
                    .forEach(name -> missing.add("cluster \"" + name + "\""));
            if (missing.isEmpty()) {
                listeners.put(listener.name(), listener);
                continue;
            }
            waiting.add("listener \"" + listener.name() + "\" waits for " + String.join(", ", missing));
            TranslatedListener running = applied.listeners().get(listener.name());
            if (running != null) {
                listeners.put(running.name(), running);
                routeNames.addAll(running.routeConfigNames());
            }
        }

        Map<String, ObjectNode> routers = new LinkedHashMap<>();
        for (String name : routeNames) {
            Message route = routes.get(name);
            if (route != null) {
                if (arrived == ResourceType.ROUTE && foreign.routers().contains(name)) {
                    throw ForeignNames.clash(RouteTranslator.KIND, name, "router config");
                }
                routers.put(name, RouteTranslator.translate((RouteConfiguration) route, upstreamProtocols::get, notes));
            }
        }
        for (TranslatedListener listener : listeners.values()) {
            Site site = new Site(ListenerTranslator.KIND, listener.name(), notes);
            for (Map.Entry<String, RouteConfiguration> inline : listener.inlineRoutes().entrySet()) {
                routers.put(inline.getKey(), RouteTranslator.translate(inline.getValue(), inline.getKey(),
                        upstreamProtocols::get, site, "route_config"));
            }
        }
        return new XdsConfig(listeners, clusters, hosts, routers, endpointNames, routeNames, waiting);
    }
}
