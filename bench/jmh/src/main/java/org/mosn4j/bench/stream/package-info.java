/** Benchmarks of the stream layer's protocol-neutral header map. */
package org.mosn4j.bench.stream;
