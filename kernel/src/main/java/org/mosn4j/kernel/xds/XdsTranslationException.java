package org.mosn4j.kernel.xds;

/**
 * An xDS resource cannot work in mosn4j (a listener without an address, a cluster type that cannot be served): the
 * response carrying it is NACKed with this message. The message names the resource and the field, such as
 * {@code listener "ingress": address: expected a socket_address, got a pipe}.
 */
public class XdsTranslationException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param kind the resource kind, such as {@code cluster}
     * @param resource the resource's name
     * @param field the field's path inside the resource, or empty for the resource as a whole
     * @param problem what is wrong and what would work
     */
    public XdsTranslationException(String kind, String resource, String field, String problem) {
        super(kind + " \"" + resource + "\"" + (field.isEmpty() ? "" : ": " + field) + ": " + problem);
    }

    /** @param message the whole message */
    XdsTranslationException(String message) {
        super(message);
    }
}
