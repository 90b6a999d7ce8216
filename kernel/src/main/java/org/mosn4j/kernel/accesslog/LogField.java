package org.mosn4j.kernel.accesslog;

/** One piece of an access log line: literal text or a variable's value. */
@FunctionalInterface
interface LogField {

    /** What a variable prints when its value is absent, as MOSN does. */
    String ABSENT = "-";

    /**
     * Appends this piece of the line.
     *
     * @param info the finished request
     * @param out the line being built
     */
    void append(RequestInfo info, StringBuilder out);

    /**
     * Appends a variable's text value, {@link #ABSENT} when null or empty. Control characters are escaped so a
     * hostile header value cannot forge a line of its own.
     */
    static void appendText(String value, StringBuilder out) {
        if (value == null || value.isEmpty()) {
            out.append(ABSENT);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
    }
}
