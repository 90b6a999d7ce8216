package org.mosn4j.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The mosn4j version, from the build. */
public final class Version {

    private static final String VERSION = load();

    private Version() {
    }

    /** @return such as {@code 0.1.0} */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
