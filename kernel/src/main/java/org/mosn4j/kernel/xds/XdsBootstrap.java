package org.mosn4j.kernel.xds;

import org.mosn4j.kernel.config.InvalidConfigException;
import org.mosn4j.kernel.config.MosnConfig;
import org.mosn4j.kernel.dynamic.ConfigUpdater;

/**
 * Starts the xDS client when the config asks for one. Mixed mode is the only mode: the listeners, clusters and
 * routers of the config file stay, and those from xDS are added beside them by name.
 *
 * <p>Wiring into a server: check the bootstrap with {@link #settings} while the config is checked (so a bad bootstrap
 * stops startup like any other config error), then, once the server runs and has a {@link ConfigUpdater},
 * {@code XdsClient xds = XdsBootstrap.start(config, updater)}, and {@code xds.stop()} (when not null) before the
 * server stops.
 */
public final class XdsBootstrap {

    private XdsBootstrap() {
    }

    /**
     * Reads and checks {@code node}, {@code dynamic_resources} and {@code static_resources}.
     *
     * @param config the whole config
     * @return the client's settings, or null when the config has no {@code dynamic_resources}
     * @throws InvalidConfigException naming the JSON path of each problem, such as
     *         {@code dynamic_resources.ads_config.api_type: api_type "REST" is not supported; ...}
     */
    public static XdsSettings settings(MosnConfig config) throws InvalidConfigException {
        return BootstrapReader.read(config);
    }

    /**
     * Starts an xDS client for the config when it has {@code dynamic_resources}.
     *
     * @param config the whole config
     * @param updater applies the changes xDS brings
     * @return the started client, or null when the config has no {@code dynamic_resources}
     * @throws InvalidConfigException when the bootstrap is wrong, naming the JSON path of each problem
     */
    public static XdsClient start(MosnConfig config, ConfigUpdater updater) throws InvalidConfigException {
        XdsSettings settings = settings(config);
        if (settings == null) {
            return null;
        }
        XdsClient client = new XdsClient(settings, updater);
        client.start();
        return client;
    }
}
