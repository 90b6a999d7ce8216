package org.mosn4j.spi.stream;

/** The filters of one stream, being built by {@link StreamFilterInstaller}s. */
public interface StreamFilterChain {

    /** Adds a request filter to run in {@code phase}, after those already added to that phase. */
    void addReceiverFilter(StreamReceiverFilter filter, FilterPhase phase);

    /** Adds a response filter, run after those already added. */
    void addSenderFilter(StreamSenderFilter filter);
}
