package org.mosn4j.plugin.filters.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeSet;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.pf4j.Extension;

/**
 * The {@code mirror} stream filter: {@code cluster}, {@code percent}, {@code max_body_bytes} and
 * {@code timeout}. The listener's cluster must exist at startup; a route's {@code per_filter_config} can name
 * another (checked when used). Runs after routing. Stateless.
 */
@Extension
public final class MirrorFilterFactory implements StreamFilterFactory {

    /** The type string. */
    public static final String TYPE = "mirror";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException {
        MirrorSettings settings = MirrorSettings.parse(config, context.configPath());
        if (settings.cluster() != null && context.clusterManager().cluster(settings.cluster()).isEmpty()) {
            throw new ConfigException(context.configPath() + ".cluster", "cluster \"" + settings.cluster()
                    + "\" is not defined (defined: " + String.join(", ", new TreeSet<>(
                    context.clusterManager().clusterNames())) + "); add it to cluster_manager.clusters");
        }
        return chain -> chain.addReceiverFilter(new MirrorFilter(settings), FilterPhase.AFTER_ROUTE);
    }

    @Override
    public Object parsePerRouteConfig(JsonNode config, String path) throws ConfigException {
        return MirrorSettings.parse(config, path);
    }
}
