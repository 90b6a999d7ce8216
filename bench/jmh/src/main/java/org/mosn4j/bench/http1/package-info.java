/** Benchmarks of the {@code Http1} protocol plugin's server and client codecs. */
package org.mosn4j.bench.http1;
