package org.mosn4j.spi.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.mosn4j.spi.TypedExtension;
import org.mosn4j.spi.config.ConfigException;

/**
 * Extension point for network filters, named by {@code filter_chains[].filters[].type} in a listener.
 *
 * <p>{@link #configure} runs at startup (and when a listener's config changes), on the main thread, before
 * any port is bound: it checks and binds the {@code config} block and reports every problem as a
 * {@link ConfigException} naming the JSON path. The returned installer is then used for every connection.
 */
public interface NetworkFilterFactory extends TypedExtension {

    /**
     * Checks the filter's config and prepares an installer.
     *
     * @param config the filter's {@code "config"} block as written (keys in the user's case); an empty object
     *               when absent. Bind it with {@link org.mosn4j.spi.config.ConfigBinder}
     * @param context where the filter is configured, and the services it may use
     * @return the installer for new connections
     * @throws ConfigException naming the JSON path (start from {@link NetworkFilterContext#configPath()})
     */
    NetworkFilterInstaller configure(JsonNode config, NetworkFilterContext context) throws ConfigException;
}
