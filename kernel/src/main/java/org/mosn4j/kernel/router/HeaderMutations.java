package org.mosn4j.kernel.router;

import java.util.ArrayList;
import java.util.List;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.config.HeaderValueOptionConfig;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * Header removals and additions, applied in a fixed order. One config level removes first and then adds (as
 * Envoy), so a level can replace a header it also removes; {@link #then} appends a more specific level.
 * Immutable.
 */
final class HeaderMutations {

    static final HeaderMutations NONE = new HeaderMutations(List.of());

    private enum Kind { REMOVE, SET, APPEND }

    private record Operation(Kind kind, String name, String value) {
    }

    private final List<Operation> operations;

    private HeaderMutations(List<Operation> operations) {
        this.operations = List.copyOf(operations);
    }

    /**
     * @param toAdd a {@code *_headers_to_add} list
     * @param toRemove the matching {@code *_headers_to_remove} list
     * @param path the JSON path of the object holding both, such as {@code servers[0].routers[0]}
     * @param prefix {@code "request"} or {@code "response"}
     * @param problems where an entry without a header name is reported
     * @return the mutations of one level
     */
    static HeaderMutations of(List<HeaderValueOptionConfig> toAdd, List<String> toRemove, String path, String prefix,
            ConfigProblems problems) {
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < toRemove.size(); i++) {
            String name = toRemove.get(i);
            if (name.isEmpty()) {
                problems.add(new ConfigException(path + "." + prefix + "_headers_to_remove[" + i + "]",
                        "expected a header name, got nothing"));
            } else {
                operations.add(new Operation(Kind.REMOVE, name, null));
            }
        }
        for (int i = 0; i < toAdd.size(); i++) {
            HeaderValueOptionConfig option = toAdd.get(i);
            String at = path + "." + prefix + "_headers_to_add[" + i + "].header";
            if (option.header() == null || option.header().key() == null || option.header().key().isEmpty()) {
                problems.add(new ConfigException(at + ".key", "expected a header name, got nothing"));
                continue;
            }
            String value = option.header().value() == null ? "" : option.header().value();
            Kind kind = option.append() == null || option.append() ? Kind.APPEND : Kind.SET;
            operations.add(new Operation(kind, option.header().key(), value));
        }
        return operations.isEmpty() ? NONE : new HeaderMutations(operations);
    }

    /** @return these mutations followed by {@code next}'s */
    HeaderMutations then(HeaderMutations next) {
        if (next.operations.isEmpty()) {
            return this;
        }
        if (operations.isEmpty()) {
            return next;
        }
        List<Operation> joined = new ArrayList<>(operations);
        joined.addAll(next.operations);
        return new HeaderMutations(joined);
    }

    /** @param headers changed in place */
    void apply(HeaderMap headers) {
        for (Operation operation : operations) {
            switch (operation.kind) {
                case REMOVE -> headers.remove(operation.name);
                case SET -> headers.set(operation.name, operation.value);
                case APPEND -> headers.add(operation.name, operation.value);
            }
        }
    }
}
