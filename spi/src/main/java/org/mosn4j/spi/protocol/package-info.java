/**
 * Protocol layer contracts: the codecs that the {@code proxy} network filter runs, named by
 * {@code downstream_protocol} and {@code upstream_protocol} in its config.
 */
package org.mosn4j.spi.protocol;
