/**
 * The Dubbo benchmark's peers: {@link org.mosn4j.bench.dubbo.BenchProvider}, an Apache Dubbo provider of
 * {@link org.mosn4j.bench.dubbo.EchoService}, and {@link org.mosn4j.bench.dubbo.BenchConsumer}, a load generator
 * that calls it through several direct URLs in turn (the provider itself, mosn4j in front of it) and prints one
 * result line per measured run.
 */
package org.mosn4j.bench.dubbo;
