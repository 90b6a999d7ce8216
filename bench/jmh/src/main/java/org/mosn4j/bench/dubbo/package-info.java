/** Benchmarks of the {@code dubbo} protocol plugin's framing, routing-field extraction and response encoding. */
package org.mosn4j.bench.dubbo;
