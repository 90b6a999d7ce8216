package org.mosn4j.kernel.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;

/**
 * Another provider of type {@code "stamp"} for plugin jars, which takes any config (stamping {@code "any"}), so
 * that a test can swap it for {@link StampFilterFactory}, which requires a value.
 */
public final class AnyStampFilterFactory implements StreamFilterFactory {

    @Override
    public String type() {
        return "stamp";
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) {
        return chain -> chain.addReceiverFilter(new StampFilterFactory.RequestStamp("any"), FilterPhase.BEFORE_ROUTE);
    }
}
