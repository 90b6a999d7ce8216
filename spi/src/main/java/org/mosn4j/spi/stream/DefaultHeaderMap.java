package org.mosn4j.spi.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The usual {@link HeaderMap}: two parallel lists, which for the dozen headers of a typical message are
 * faster than hashing. Not thread-safe.
 */
public final class DefaultHeaderMap implements HeaderMap {

    private final ArrayList<String> names;
    private final ArrayList<String> values;

    public DefaultHeaderMap() {
        this(16);
    }

    /** @param expectedSize how many pairs to make room for */
    public DefaultHeaderMap(int expectedSize) {
        names = new ArrayList<>(expectedSize);
        values = new ArrayList<>(expectedSize);
    }

    @Override
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    @Override
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    @Override
    public boolean contains(String name) {
        return get(name) != null;
    }

    @Override
    public void set(String name, String value) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                values.set(i, value);
                removeFrom(name, i + 1);
                return;
            }
        }
        add(name, value);
    }

    @Override
    public void add(String name, String value) {
        if (name.startsWith(":")) {
            int at = 0;
            while (at < names.size() && names.get(at).startsWith(":")) {
                at++;
            }
            names.add(at, name);
            values.add(at, value);
        } else {
            names.add(name);
            values.add(value);
        }
    }

    @Override
    public boolean remove(String name) {
        return removeFrom(name, 0);
    }

    private boolean removeFrom(String name, int start) {
        boolean removed = false;
        for (int i = names.size() - 1; i >= start; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < names.size(); i++) {
            action.accept(names.get(i), values.get(i));
        }
    }

    @Override
    public int size() {
        return names.size();
    }

    @Override
    public HeaderMap copy() {
        DefaultHeaderMap copy = new DefaultHeaderMap(names.size() + 4);
        copy.names.addAll(names);
        copy.values.addAll(values);
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        forEach((n, v) -> out.append(out.length() > 1 ? ", " : "").append(n).append(": ").append(v));
        return out.append('}').toString();
    }
}
