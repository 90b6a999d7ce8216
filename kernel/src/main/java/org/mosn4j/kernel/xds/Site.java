package org.mosn4j.kernel.xds;

import com.google.protobuf.Message;
import java.util.Set;

/**
 * The resource a translator is working on, for the notes and errors it reports: its kind, its name and where notes
 * go. Field paths are relative to the resource.
 *
 * @param kind the resource kind, such as {@code cluster}
 * @param resource the resource's name
 * @param notes where fields left out are noted
 */
record Site(String kind, String resource, TranslationNotes notes) {

    /** Notes a field that is set and not translated; {@code why} says what happens instead, or is null. */
    void ignored(String field, String why) {
        notes.ignored(kind, resource, field, why);
    }

    /** Notes every field set in {@code message} (at {@code prefix}) that is not in {@code handled}. */
    void unhandled(String prefix, Message message, Set<String> handled) {
        notes.unhandled(kind, resource, prefix, message, handled);
    }

    /** @return an error naming this resource and {@code field} */
    XdsTranslationException error(String field, String problem) {
        return new XdsTranslationException(kind, resource, field, problem);
    }

    /** @return {@code child} under {@code prefix}, such as {@code load_assignment.endpoints[0]} */
    static String join(String prefix, String child) {
        return prefix.isEmpty() ? child : child.startsWith("[") ? prefix + child : prefix + "." + child;
    }
}
