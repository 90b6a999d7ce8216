package org.mosn4j.kernel.network.tls;

import java.util.List;
import org.mosn4j.spi.network.NetworkFilterInstaller;

/**
 * One TLS filter chain of a listener: the context its handshakes use (whose names SNI is matched against) and
 * the network filters of the connections it accepts.
 *
 * @param path the chain's JSON path, for log lines
 * @param context its certificate and settings
 * @param installers its network filters
 */
record ServerChain(String path, ReloadableSslContext context, List<NetworkFilterInstaller> installers) {
}
