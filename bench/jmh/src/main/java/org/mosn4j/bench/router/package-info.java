/** Benchmarks of route matching in large router configs. */
package org.mosn4j.bench.router;
