package org.mosn4j.kernel.xds;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a translation left out: fields of xDS resources that mosn4j does not translate. The client logs each kind of
 * note once at WARN; translators only collect them, so they stay pure. Not thread-safe.
 */
final class TranslationNotes {

    /**
     * One field left out.
     *
     * @param key the same for the same field of any resource of a kind (list indexes left out), to log it once
     * @param message what was left out, naming the resource and the field
     */
    record Note(String key, String message) {
    }

    private final List<Note> notes = new ArrayList<>();

    /**
     * Notes a field that is set and not translated.
     *
     * @param kind the resource kind
     * @param resource the resource's name
     * @param field the field's path inside the resource
     * @param why what mosn4j does instead, or null
     */
    void ignored(String kind, String resource, String field, String why) {
        notes.add(new Note(kind + ":" + field.replaceAll("\\[\\d+]", "[]"), kind + " \"" + resource + "\": " + field
                + " is not translated" + (why == null ? "" : " (" + why + ")")));
    }

    /**
     * Notes every field set in {@code message} that is not in {@code handled}.
     *
     * @param prefix the message's path inside the resource, empty for the resource itself
     * @param handled the names of the fields the translator reads or knows to be harmless
     */
    void unhandled(String kind, String resource, String prefix, Message message, Set<String> handled) {
        for (FieldDescriptor field : message.getAllFields().keySet()) {
            if (!handled.contains(field.getName())) {
                ignored(kind, resource, prefix.isEmpty() ? field.getName() : prefix + "." + field.getName(), null);
            }
        }
    }

    /** @return the notes in the order taken */
    List<Note> all() {
        return List.copyOf(notes);
    }
}
