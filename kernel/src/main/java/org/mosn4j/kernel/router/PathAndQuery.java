package org.mosn4j.kernel.router;

/**
 * A request target split at the first {@code ?}.
 *
 * @param path the path, matched by routes and rewritten by them
 * @param query the query with its leading {@code ?}, or empty
 */
record PathAndQuery(String path, String query) {

    /** @param target the {@code :path} value, or null */
    static PathAndQuery of(String target) {
        if (target == null) {
            return null;
        }
        int mark = target.indexOf('?');
        return mark < 0 ? new PathAndQuery(target, "") : new PathAndQuery(target.substring(0, mark), target.substring(mark));
    }

    @Override
    public String toString() {
        return path + query;
    }
}
