package org.mosn4j.spi.stream;

/**
 * Adds one configured filter's instances to each new stream. Made once by
 * {@link StreamFilterFactory#configure}; {@link #install} runs per stream on that stream's event loop,
 * possibly on several event loops at once, so it must be thread-safe.
 */
@FunctionalInterface
public interface StreamFilterInstaller {

    /** @param chain the new stream's chain */
    void install(StreamFilterChain chain);
}
