package org.mosn4j.kernel.plugin;

import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.StreamFilterChain;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamSenderFilter;

/**
 * The chain a plugin's installer sees for one new stream: each filter it adds goes to the stream's chain
 * wrapped, so that its plugin counts it until the stream destroys it.
 *
 * <p>The installer runs holding one count taken by {@link PluginGate#tryRetain()}; the first filter added takes
 * that count over and each further one adds its own. {@link #close()} gives the count back when no filter took
 * it. Confined to the stream's event loop.
 */
final class GatedFilterChain implements StreamFilterChain {

    private final StreamFilterChain target;
    private final PluginGate gate;
    private boolean countTaken;

    GatedFilterChain(StreamFilterChain target, PluginGate gate) {
        this.target = target;
        this.gate = gate;
    }

    @Override
    public void addReceiverFilter(StreamReceiverFilter filter, FilterPhase phase) {
        count();
        target.addReceiverFilter(new GatedReceiverFilter(filter, gate), phase);
    }

    @Override
    public void addSenderFilter(StreamSenderFilter filter) {
        count();
        target.addSenderFilter(new GatedSenderFilter(filter, gate));
    }

    private void count() {
        if (countTaken) {
            gate.retain();
        } else {
            countTaken = true;
        }
    }

    /** The installer returned: releases the count it ran under unless a filter took it. */
    void close() {
        if (!countTaken) {
            countTaken = true;
            gate.release();
        }
    }
}
