package org.mosn4j.kernel.xds;

import com.google.protobuf.Message;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The xDS resources the client has accepted, by type and name, and which types have answered at least once.
 * Immutable: every change makes a new one.
 */
final class XdsResources {

    /** No resource, no type answered. */
    static final XdsResources EMPTY = new XdsResources(new EnumMap<>(ResourceType.class),
            EnumSet.noneOf(ResourceType.class));

    private final Map<ResourceType, Map<String, Message>> resources;
    private final Set<ResourceType> answered;

    private XdsResources(Map<ResourceType, Map<String, Message>> resources, Set<ResourceType> answered) {
        this.resources = resources;
        this.answered = answered;
    }

    /** @return the resources of a type by name, in the order received */
    Map<String, Message> of(ResourceType type) {
        return resources.getOrDefault(type, Map.of());
    }

    /** @return whether a response of the type was accepted */
    boolean answered(ResourceType type) {
        return answered.contains(type);
    }

    /**
     * @param received the resources of one response
     * @param subscribed for types asked for by name, the names asked for; a resource of another name is dropped, and
     *        one asked for but absent from the response is kept (State of the World for EDS and RDS)
     * @return these resources with those of {@code type} replaced by a response's
     */
    XdsResources withResponse(ResourceType type, Map<String, Message> received, Set<String> subscribed) {
        Map<String, Message> merged = new LinkedHashMap<>();
        if (type.wildcard()) {
            merged.putAll(received);
        } else {
            of(type).forEach((name, resource) -> {
                if (subscribed.contains(name)) {
                    merged.put(name, resource);
                }
            });
            received.forEach((name, resource) -> {
                if (subscribed.contains(name)) {
                    merged.put(name, resource);
                }
            });
        }
        EnumSet<ResourceType> nowAnswered = answered.isEmpty() ? EnumSet.noneOf(ResourceType.class)
                : EnumSet.copyOf(answered);
        nowAnswered.add(type);
        return new XdsResources(with(type, merged), nowAnswered);
    }

    /** @return these resources with those of a type asked for by name kept only when their name is in {@code names} */
    XdsResources retain(ResourceType type, Set<String> names) {
        Map<String, Message> kept = new LinkedHashMap<>(of(type));
        kept.keySet().retainAll(names);
        return kept.size() == of(type).size() ? this : new XdsResources(with(type, kept), answered);
    }

    private Map<ResourceType, Map<String, Message>> with(ResourceType type, Map<String, Message> replaced) {
        Map<ResourceType, Map<String, Message>> copy = new EnumMap<>(ResourceType.class);
        copy.putAll(resources);
        copy.put(type, Collections.unmodifiableMap(replaced));
        return copy;
    }
}
