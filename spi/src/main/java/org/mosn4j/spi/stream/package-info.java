/**
 * Stream layer contracts: stream filters, named by a listener's {@code stream_filters[].type} and by the
 * keys of {@code per_filter_config}.
 */
package org.mosn4j.spi.stream;
