/**
 * The xDS client: keeps the running config in step with a control plane over Envoy's v3 Aggregated Discovery
 * Service (State of the World, one gRPC stream).
 *
 * <p>{@link org.mosn4j.kernel.xds.XdsBootstrap} reads the Envoy-shaped bootstrap at the top of a MOSN config
 * ({@code node}, {@code dynamic_resources}, {@code static_resources}) into {@link org.mosn4j.kernel.xds.XdsSettings}
 * and starts an {@link org.mosn4j.kernel.xds.XdsClient}. The client subscribes to clusters and listeners, then to the
 * endpoints and route configs they name; each response is translated into MOSN's JSON shapes (one small translator per
 * resource kind: {@link org.mosn4j.kernel.xds.ClusterTranslator}, {@link org.mosn4j.kernel.xds.EndpointTranslator},
 * {@link org.mosn4j.kernel.xds.ListenerTranslator}, {@link org.mosn4j.kernel.xds.RouteTranslator}), compared with what
 * xDS applied before, and handed to a {@link org.mosn4j.kernel.dynamic.ConfigUpdater} as one
 * {@link org.mosn4j.kernel.dynamic.ConfigChange}; the response is ACKed when that worked and NACKed otherwise.
 *
 * <p>The client runs on threads of its own (named {@code mosn4j-xds-*}), never on the proxy's event loops. gRPC uses
 * its shaded copy of Netty, apart from the proxy's.
 */
package org.mosn4j.kernel.xds;
