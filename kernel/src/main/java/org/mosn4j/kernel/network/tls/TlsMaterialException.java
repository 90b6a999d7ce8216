package org.mosn4j.kernel.network.tls;

/** A certificate, key or CA of a {@code tls_context} that cannot be used; the message says why. */
final class TlsMaterialException extends Exception {

    private final String field;

    TlsMaterialException(String message) {
        this(null, message);
    }

    /**
     * @param field the config key at fault, such as {@code private_key}, or null when not known here
     * @param message what is wrong and how to fix it
     */
    TlsMaterialException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the config key at fault, or null */
    String field() {
        return field;
    }

    /** @return the same problem, attributed to {@code field} when it has no field yet */
    TlsMaterialException in(String field) {
        return this.field != null ? this : new TlsMaterialException(field, getMessage());
    }
}
