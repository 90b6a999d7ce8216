/** Benchmarks of host picks by every load balancer type. */
package org.mosn4j.bench.upstream;
