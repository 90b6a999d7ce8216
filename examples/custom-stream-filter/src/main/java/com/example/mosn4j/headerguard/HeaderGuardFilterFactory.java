package com.example.mosn4j.headerguard;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.StreamFilterContext;
import org.mosn4j.spi.stream.StreamFilterFactory;
import org.mosn4j.spi.stream.StreamFilterInstaller;
import org.pf4j.Extension;

/**
 * The {@code example_header_guard} stream filter. Config:
 *
 * <pre>{@code
 * {"type": "example_header_guard", "config": {
 *   "request_headers":  {"x-guard": "passed"},
 *   "response_headers": {"x-guarded-by": "example_header_guard"},
 *   "deny": [{"header": "user-agent", "regex": "(?i)badbot", "status": 403, "body": "bots are not welcome\n"}]
 * }}
 * }</pre>
 *
 * <p>A request whose header matches a {@code deny} rule (any value of the header, regex found anywhere in it) is
 * answered with the rule's status and body, before routing; any other request gets {@code request_headers} on
 * its way upstream. Every response, denied or proxied, gets {@code response_headers}.
 *
 * <p>{@code @Extension} makes PF4J's annotation processor list this class in {@code META-INF/extensions.idx},
 * where mosn4j finds it. mosn4j creates one instance and calls {@link #configure} once per configured
 * {@code stream_filters[]} entry, at startup (or when the plugin is loaded again through the admin API).
 */
@Extension
public final class HeaderGuardFilterFactory implements StreamFilterFactory {

    /** The type string configs name. */
    public static final String TYPE = "example_header_guard";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StreamFilterInstaller configure(JsonNode config, StreamFilterContext context) throws ConfigException {
        HeaderGuardSettings settings = HeaderGuardSettings.from(config, context.configPath());
        // Runs for every new stream, on that stream's event loop, possibly on several at once: it only reads
        // the immutable settings and creates the stream's own filter instances.
        return chain -> {
            chain.addReceiverFilter(new GuardRequestFilter(settings), FilterPhase.BEFORE_ROUTE);
            if (!settings.responseHeaders().isEmpty()) {
                chain.addSenderFilter(new StampResponseFilter(settings.responseHeaders()));
            }
        };
    }
}
