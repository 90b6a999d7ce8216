/**
 * What the benchmarks share: a connection that discards what a protocol writes, and buffers filled the way a
 * socket read fills them.
 */
package org.mosn4j.bench.support;
