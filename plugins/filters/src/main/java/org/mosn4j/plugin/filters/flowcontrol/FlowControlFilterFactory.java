package org.mosn4j.plugin.filters.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mosn4j.plugin.filters.flowcontrol.FlowRules.PlacedRule;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MOSN's {@code flowControlFilter}: limits requests per resource by Sentinel flow rules, after routing (as
 * MOSN adds it), on every protocol's streams. See the package documentation for the config.
 *
 * <p>Thread-safe: {@link #configure} runs at startup and loads the listener's rules into Sentinel's process-wide
 * table; the installer it returns adds one {@link FlowControlFilter} per stream, on the stream's event loop.
 */
@Extension
public final class FlowControlFilterFactory implements StreamFilterFactory {

    /** The type string. */
    static final String TYPE = "flowControlFilter";

    private static final Logger LOG = LoggerFactory.getLogger(FlowControlFilterFactory.class);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException {
        String path = context.configPath();
        FlowControlConfig parsed = ConfigBinder.INSTANCE.bind(config, FlowControlConfig.class, path);
        if (parsed.dynamicDataResources() != null && !parsed.dynamicDataResources().isNull()
                && !parsed.dynamicDataResources().isEmpty()) {
            throw new ConfigException(path + ".dynamic_data_resources", "rules from a data source (Nacos) are not"
                    + " supported; list them in rules");
        }
        FlowControlSettings settings = FlowControlSettings.of(parsed, path);
        // Before any Sentinel class initializes: it reads these settings once.
        SentinelEnvironment.apply(parsed.appName(), parsed.logPath(), path);
        List<PlacedRule> rules = FlowRules.parse(parsed.rules(), path + ".rules");
        SentinelFlowRules.INSTANCE.register(context.listenerName(), rules);
        if (!settings.enabled()) {
            LOG.info("{}: global_switch is off; requests are limited only on routes whose per_filter_config turns it on",
                    path);
        }
        FlowControlPolicy policy = new FlowControlPolicy(settings, SentinelFlowRules.INSTANCE,
                new MonitorReport(context.listenerName()));
        return chain -> chain.addReceiverFilter(new FlowControlFilter(policy), FilterPhase.AFTER_ROUTE);
    }

    @Override
    public Object parsePerRouteConfig(JsonNode config, String path) throws ConfigException {
        return FlowControlOverride.parse(config, path);
    }
}
