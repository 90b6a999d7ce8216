package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.dynamic.ConfigChange;
import org.mosn4j.kernel.dynamic.ConfigUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The State-of-the-World side of the ADS protocol, apart from the transport: what to request when a stream starts, and
 * for each response the change to apply and the requests to answer it with.
 *
 * <p>Each response makes one {@link ConfigChange}, applied through the {@link ConfigUpdater}; the response is then
 * ACKed (its {@code version_info} and {@code response_nonce}). When it cannot be translated or the change is refused,
 * it is NACKed ({@code error_detail} holding the reason, {@code version_info} still the last accepted one) and the
 * running config stays as it was. The first config is applied whole: until every subscribed type has answered and
 * every cluster's endpoints and listener's route configs have arrived (or the initial fetch timeout passed), responses
 * are accepted and ACKed without applying anything, and the config they add up to is applied in one change.
 *
 * <p>Versions and subscriptions live across streams, so a new stream asks for what was accepted last. Not
 * thread-safe: the client calls it from its one thread.
 */
final class ConfigSync {

    /**
     * A request to send, now or after {@code delay}. Repeated NACKs of the same version for the same reason are spaced
     * out (500ms, doubling up to 5s), so a control plane that answers a NACK with the same resources again, as
     * java-control-plane does, does not make both sides spin.
     */
    record Outgoing(DiscoveryRequest request, Duration delay) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSync.class);
    /** {@code error_detail.code} of a NACK: INTERNAL, as Envoy sends. */
    private static final int NACK_CODE = 13;
    private static final Duration FIRST_REPEAT_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_REPEAT_DELAY = Duration.ofSeconds(5);

    /** What the client knows about one resource type. */
    private static final class TypeState {
        String version = "";
        String nonce = "";
        Set<String> subscribed = Set.of();
        String rejectedVersion;
        String rejectedReason;
        int rejections;
    }

    private final XdsSettings settings;
    private final ConfigUpdater updater;
    private final Map<ResourceType, TypeState> types = new EnumMap<>(ResourceType.class);
    private final Set<String> warned = new HashSet<>();
    private XdsResources accepted = XdsResources.EMPTY;
    private XdsConfig applied = XdsConfig.EMPTY;
    private boolean initialized;

    ConfigSync(XdsSettings settings, ConfigUpdater updater) {
        this.settings = settings;
        this.updater = updater;
        for (ResourceType type : ResourceType.values()) {
            types.put(type, new TypeState());
        }
    }

    /** @return the requests that open the subscriptions on a new stream, with the versions accepted last */
    List<Outgoing> streamStarted() {
        types.values().forEach(state -> state.nonce = "");
        List<Outgoing> out = new ArrayList<>();
        if (settings.clusters()) {
            out.add(now(request(ResourceType.CLUSTER)));
            if (!state(ResourceType.ENDPOINT).subscribed.isEmpty()) {
                out.add(now(request(ResourceType.ENDPOINT)));
            }
        }
        if (settings.listeners()) {
            out.add(now(request(ResourceType.LISTENER)));
            if (!state(ResourceType.ROUTE).subscribed.isEmpty()) {
                out.add(now(request(ResourceType.ROUTE)));
            }
        }
        return out;
    }

    /** @return the ACK or NACK of the response, and any subscription it changes */
    List<Outgoing> onResponse(DiscoveryResponse response) {
        ResourceType type = ResourceType.ofUrl(response.getTypeUrl());
        if (type == null || !subscribed(type)) {
            String reason = "type " + response.getTypeUrl() + " was not subscribed to";
            LOG.warn("xDS: rejected a response: {}", reason);
            return List.of(now(DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl())
                    .setResponseNonce(response.getNonce()).setErrorDetail(status(reason)).build()));
        }
        TypeState state = state(type);
        state.nonce = response.getNonce();
        List<Outgoing> out = new ArrayList<>();
        try {
            XdsResources candidate = accepted.withResponse(type, unpack(type, response), state.subscribed);
            JsonNode effective = updater.effectiveConfig();
            TranslationNotes notes = new TranslationNotes();
            XdsConfig wanted = XdsConfigBuilder.build(candidate, applied, ForeignNames.of(effective, applied), type,
                    settings.clusters(), settings.listeners(), notes);
            warnOnce(notes);
            if (initialized || wanted.whole()) {
                apply(wanted, type.shortName() + " version \"" + response.getVersionInfo() + "\"");
                initialized = true;
            } else {
                LOG.info("xDS: {} version \"{}\" accepted; the first config is applied once whole, waiting for {}",
                        type.shortName(), response.getVersionInfo(), String.join("; ", wanted.waiting()));
            }
            accepted = candidate;
            state.version = response.getVersionInfo();
            state.rejectedVersion = null;
            state.rejections = 0;
            out.add(now(request(type)));
            out.addAll(resubscribe(ResourceType.ENDPOINT, wanted.endpointNames()));
            out.addAll(resubscribe(ResourceType.ROUTE, wanted.routeNames()));
        } catch (XdsTranslationException | InvalidConfigException e) {
            out.add(reject(type, response, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("xDS: applying {} version \"{}\" failed", type.shortName(), response.getVersionInfo(), e);
            out.add(reject(type, response, "applying the change failed: " + e));
        }
        return out;
    }

    /**
     * Applies what arrived of the first config when it has not become whole in time (Envoy's
     * {@code initial_fetch_timeout}); later responses apply at once.
     */
    void initialFetchTimedOut() {
        if (initialized) {
            return;
        }
        initialized = true;
        try {
            TranslationNotes notes = new TranslationNotes();
            XdsConfig wanted = XdsConfigBuilder.build(accepted, applied, ForeignNames.of(updater.effectiveConfig(),
                    applied), null, settings.clusters(), settings.listeners(), notes);
            warnOnce(notes);
            LOG.warn("xDS: the first config is not whole after {}: applying what arrived; still waiting for {}",
                    org.mosn4j.spi.config.GoDuration.format(settings.initialFetchTimeout()),
                    wanted.waiting().isEmpty() ? "nothing" : String.join("; ", wanted.waiting()));
            apply(wanted, "the config received so far");
        } catch (XdsTranslationException | InvalidConfigException | RuntimeException e) {
            LOG.warn("xDS: applying the config received so far failed; it is retried with the next response: {}",
                    e.getMessage());
        }
    }

    /** @return whether a request still answers the latest response of its type (a delayed NACK may not) */
    boolean isCurrent(DiscoveryRequest request) {
        ResourceType type = ResourceType.ofUrl(request.getTypeUrl());
        return type == null || state(type).nonce.equals(request.getResponseNonce());
    }

    private void apply(XdsConfig wanted, String what) throws InvalidConfigException {
        ConfigChange change = ChangePlanner.plan(applied, wanted);
        if (!change.isEmpty()) {
            updater.apply(change);
            LOG.info("xDS: {} applied: {}", what, summary(change));
        }
        applied = wanted;
    }

    private Outgoing reject(ResourceType type, DiscoveryResponse response, String reason) {
        TypeState state = state(type);
        boolean repeat = response.getVersionInfo().equals(state.rejectedVersion) && reason.equals(state.rejectedReason);
        state.rejections = repeat ? state.rejections + 1 : 1;
        state.rejectedVersion = response.getVersionInfo();
        state.rejectedReason = reason;
        DiscoveryRequest nack = request(type).toBuilder().setErrorDetail(status(reason)).build();
        if (!repeat) {
            LOG.warn("xDS: NACK of {} version \"{}\"; the running config stays at version \"{}\": {}",
                    type.shortName(), response.getVersionInfo(), state.version, reason);
            return now(nack);
        }
        Duration delay = FIRST_REPEAT_DELAY.multipliedBy(1L << Math.min(5, state.rejections - 2));
        delay = delay.compareTo(MAX_REPEAT_DELAY) > 0 ? MAX_REPEAT_DELAY : delay;
        LOG.debug("xDS: NACK of {} version \"{}\" again, sent in {}", type.shortName(), response.getVersionInfo(), delay);
        return new Outgoing(nack, delay);
    }

    private List<Outgoing> resubscribe(ResourceType type, Set<String> names) {
        TypeState state = state(type);
        if (names.equals(state.subscribed)) {
            return List.of();
        }
        state.subscribed = Set.copyOf(new LinkedHashSet<>(names));
        accepted = accepted.retain(type, names);
        DiscoveryRequest request = request(type).toBuilder().clearResourceNames().addAllResourceNames(names).build();
        return List.of(now(request));
    }

    private DiscoveryRequest request(ResourceType type) {
        TypeState state = state(type);
        DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder()
                .setTypeUrl(type.typeUrl())
                .setVersionInfo(state.version)
                .setResponseNonce(state.nonce);
        if (!type.wildcard()) {
            request.addAllResourceNames(state.subscribed);
        }
        return request.build();
    }

    private static Map<String, Message> unpack(ResourceType type, DiscoveryResponse response)
            throws XdsTranslationException {
        Map<String, Message> resources = new LinkedHashMap<>();
        for (int i = 0; i < response.getResourcesCount(); i++) {
            Any any = response.getResources(i);
            String at = type.shortName() + " response: resources[" + i + "]: ";
            if (!any.getTypeUrl().equals(type.typeUrl())) {
                throw new XdsTranslationException(at + "expected " + type.typeUrl() + ", got " + any.getTypeUrl());
            }
            Message resource;
            try {
                resource = type.unpack(any);
            } catch (InvalidProtocolBufferException e) {
                throw new XdsTranslationException(at + "cannot be read: " + e.getMessage());
            }
            String name = type.nameOf(resource);
            if (name.isEmpty()) {
                throw new XdsTranslationException(at + "a resource without a name");
            }
            if (resources.put(name, resource) != null) {
                throw new XdsTranslationException(at + "\"" + name + "\" is in the response twice");
            }
        }
        return resources;
    }

    private boolean subscribed(ResourceType type) {
        return type == ResourceType.CLUSTER || type == ResourceType.ENDPOINT ? settings.clusters() : settings.listeners();
    }

    private void warnOnce(TranslationNotes notes) {
        for (TranslationNotes.Note note : notes.all()) {
            if (warned.add(note.key())) {
                LOG.warn("xDS: {} (logged once for this field)", note.message());
            }
        }
    }

    private TypeState state(ResourceType type) {
        return types.get(type);
    }

    private static Outgoing now(DiscoveryRequest request) {
        return new Outgoing(request, Duration.ZERO);
    }

    private static com.google.rpc.Status status(String message) {
        return com.google.rpc.Status.newBuilder().setCode(NACK_CODE).setMessage(message).build();
    }

    private static String summary(ConfigChange change) {
        List<String> parts = new ArrayList<>();
        part(parts, "listeners", change.listeners().size(), change.removedListeners().size());
        part(parts, "clusters", change.clusters().size(), change.removedClusters().size());
        if (!change.hosts().isEmpty()) {
            parts.add("new hosts for " + String.join(", ", change.hosts().keySet()));
        }
        part(parts, "routers", change.routers().size(), change.removedRouters().size());
        return String.join(", ", parts);
    }

    private static void part(List<String> parts, String what, int upserted, int removed) {
        if (upserted > 0 || removed > 0) {
            parts.add(what + " " + upserted + " added or changed, " + removed + " removed");
        }
    }
}
