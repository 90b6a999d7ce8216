package org.mosn4j.kernel.plugin;

import java.util.List;
import org.mosn4j.spi.TypedExtension;
import org.mosn4j.spi.network.NetworkFilterFactory;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.stream.StreamFilterFactory;

/** The extension points the kernel looks up by type string, with the words error messages use for them. */
public enum ExtensionKind {
    NETWORK_FILTER(NetworkFilterFactory.class, "network filter"),
    PROTOCOL(Protocol.class, "protocol"),
    STREAM_FILTER(StreamFilterFactory.class, "stream filter");

    private final Class<? extends TypedExtension> type;
    private final String displayName;

    ExtensionKind(Class<? extends TypedExtension> type, String displayName) {
        this.type = type;
        this.displayName = displayName;
    }

    /** @return the SPI interface of this kind */
    public Class<? extends TypedExtension> type() {
        return type;
    }

    /** @return how messages name this kind, such as {@code "network filter"} */
    public String displayName() {
        return displayName;
    }

    /** @return the JSON key the admin API uses for this kind, such as {@code "network_filter"} */
    public String jsonName() {
        return displayName.replace(' ', '_');
    }

    static List<ExtensionKind> all() {
        return List.of(values());
    }
}
