package org.mosn4j.kernel.plugin;

import java.util.ArrayList;
import java.util.List;
import org.mosn4j.spi.stream.FilterPhase;
import org.mosn4j.spi.stream.StreamFilterChain;
import org.mosn4j.spi.stream.StreamReceiverFilter;
import org.mosn4j.spi.stream.StreamSenderFilter;

/** A stream's filter chain as a list, destroyed the way the proxy destroys a finished stream's filters. */
final class RecordingChain implements StreamFilterChain {

    record Receiver(StreamReceiverFilter filter, FilterPhase phase) {
    }

    final List<Receiver> receivers = new ArrayList<>();
    final List<StreamSenderFilter> senders = new ArrayList<>();

    @Override
    public void addReceiverFilter(StreamReceiverFilter filter, FilterPhase phase) {
        receivers.add(new Receiver(filter, phase));
    }

    @Override
    public void addSenderFilter(StreamSenderFilter filter) {
        senders.add(filter);
    }

    /** The stream ended. */
    void destroy() {
        receivers.forEach(r -> r.filter().onDestroy());
        senders.forEach(StreamSenderFilter::onDestroy);
    }
}
