package org.mosn4j.plugin.dubbo;

import java.util.ArrayList;
import java.util.List;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.testkit.RecordingDecoder;

/** Records each stream a server connection starts: its response encoder and a {@link RecordingDecoder}. */
final class RecordingListener implements ServerStreamListener {

    final List<StreamEncoder> encoders = new ArrayList<>();
    final List<RecordingDecoder> requests = new ArrayList<>();

    @Override
    public StreamDecoder newStream(StreamEncoder responseEncoder) {
        RecordingDecoder decoder = new RecordingDecoder();
        responseEncoder.setCallbacks(decoder.callbacks);
        encoders.add(responseEncoder);
        requests.add(decoder);
        return decoder;
    }
}
