package org.mosn4j.kernel.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.function.Function;

/**
 * The four xDS resource types the client subscribes to, in the order a config is built up: clusters, their
 * endpoints, listeners, their route configs.
 */
enum ResourceType {
    /** CDS: every cluster of the node ("wildcard"); a cluster absent from a response is removed. */
    CLUSTER("CDS", Cluster.class, m -> ((Cluster) m).getName(), true),
    /** EDS: the endpoints of the clusters that ask for them, by name. */
    ENDPOINT("EDS", ClusterLoadAssignment.class, m -> ((ClusterLoadAssignment) m).getClusterName(), false),
    /** LDS: every listener of the node ("wildcard"); a listener absent from a response is removed. */
    LISTENER("LDS", Listener.class, m -> ((Listener) m).getName(), true),
    /** RDS: the route configs the listeners name. */
    ROUTE("RDS", RouteConfiguration.class, m -> ((RouteConfiguration) m).getName(), false);

    private final String shortName;
    private final Class<? extends Message> messageType;
    private final Function<Message, String> name;
    private final boolean wildcard;
    private final String typeUrl;

    ResourceType(String shortName, Class<? extends Message> messageType, Function<Message, String> name,
            boolean wildcard) {
        this.shortName = shortName;
        this.messageType = messageType;
        this.name = name;
        this.wildcard = wildcard;
        this.typeUrl = "type.googleapis.com/" + descriptorName(messageType);
    }

    private static String descriptorName(Class<? extends Message> type) {
        try {
            return ((com.google.protobuf.Descriptors.Descriptor) type.getMethod("getDescriptor").invoke(null))
                    .getFullName();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return {@code CDS}, {@code EDS}, {@code LDS} or {@code RDS} */
    String shortName() {
        return shortName;
    }

    /** @return the type URL, such as {@code type.googleapis.com/envoy.config.cluster.v3.Cluster} */
    String typeUrl() {
        return typeUrl;
    }

    /** @return whether a response carries every resource of the type (State of the World for LDS and CDS) */
    boolean wildcard() {
        return wildcard;
    }

    /**
     * @return the resource in {@code any}
     * @throws InvalidProtocolBufferException when it is not of this type
     */
    Message unpack(Any any) throws InvalidProtocolBufferException {
        return any.unpack(messageType);
    }

    /** @return a resource's name */
    String nameOf(Message resource) {
        return name.apply(resource);
    }

    /** @return the type of a type URL, or null */
    static ResourceType ofUrl(String typeUrl) {
        for (ResourceType type : values()) {
            if (type.typeUrl.equals(typeUrl)) {
                return type;
            }
        }
        return null;
    }
}
