package org.mosn4j.plugin.dubbo;

import io.netty.buffer.ByteBuf;
import java.util.Map;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on an upstream connection; as a {@link StreamEncoder} it sends the request once the message is
 * complete, as the same frame with this connection's id.
 *
 * <p>The response goes to the response decoder whole: {@link DubboHeaders#response headers}, then the body with
 * end of stream. A one-way request has no response: once it is sent the decoder gets
 * {@link DubboHeaders#oneWaySent()} with end of stream, on the next turn of the event loop, so the proxy
 * finishes the stream (counted as a 200) while nothing waits on the wire.
 *
 * <p>Only requests read by the dubbo protocol can be sent ({@link DubboHeaders#isRequest}), since the body is
 * forwarded, not encoded; anything else resets the stream with {@link StreamResetReason#PROTOCOL_ERROR}.
 *
 * <p>Threading: the connection's event loop. Buffers: {@link #encodeData} takes ownership; a response held
 * while reading is off is released if the stream ends first.
 */
final class DubboClientStream implements StreamEncoder {

    private static final Logger LOG = LoggerFactory.getLogger(DubboClientStream.class);

    private final DubboClientConnection owner;
    private final Connection connection;
    private final StreamDecoder decoder;
    private final BodyBuffer body;
    private StreamCallbacks callbacks;
    private FrameHeader request;
    private Map<String, String> attachments = Map.of();
    private Frame heldResponse;
    private long sentId;
    private boolean headersSeen;
    private boolean sent;
    private boolean readEnabled = true;
    private boolean done;

    DubboClientStream(DubboClientConnection owner, Connection connection, StreamDecoder decoder) {
        this.owner = owner;
        this.connection = connection;
        this.decoder = decoder;
        this.body = new BodyBuffer(connection.alloc());
    }

    @Override
    public void encodeHeaders(HeaderMap headers, boolean endOfStream) {
        if (done || headersSeen) {
            return;
        }
        headersSeen = true;
        if (!DubboHeaders.isRequest(headers)) {
            LOG.debug("dubbo connection {}: cannot send a request that was not read as dubbo; the listener's "
                    + "downstream_protocol must be dubbo too", connection.id());
            owner.later(this::rejectRequest);
            return;
        }
        request = ((DubboHeaders) headers).frame();
        attachments = ((DubboHeaders) headers).changedAttachments();
        if (endOfStream) {
            send();
        }
    }

    @Override
    public void encodeData(ByteBuf data, boolean endOfStream) {
        if (done || request == null || sent) {
            data.release();
            return;
        }
        body.append(data);
        if (endOfStream) {
            send();
        }
    }

    @Override
    public void encodeTrailers(HeaderMap trailers) {
        if (!done && request != null && !sent) {
            send();
        }
    }

    /** Abandons the request (the proxy timed it out or the consumer left); a late response is dropped. */
    @Override
    public void reset(StreamResetReason reason) {
        if (done) {
            return;
        }
        done = true;
        releaseBuffers();
        owner.onStreamComplete(this, sentId);
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    /** Holds the response while off; a response is one frame, so at most one is held. */
    @Override
    public void setReadEnabled(boolean enabled) {
        readEnabled = enabled;
        if (enabled && heldResponse != null && !done) {
            Frame response = heldResponse;
            heldResponse = null;
            deliver(response);
        }
    }

    @Override
    public void setCallbacks(StreamCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** The provider answered this stream's request; ownership of {@code response} passes here. */
    void onResponse(Frame response) {
        if (done || heldResponse != null) {
            response.release();
            return;
        }
        if (!readEnabled) {
            heldResponse = response;
            return;
        }
        deliver(response);
    }

    void onWritabilityChanged(boolean writable) {
        if (!done && callbacks != null) {
            callbacks.onWritabilityChanged(writable);
        }
    }

    /** Ends the stream because the connection ended; the response decoder and the callbacks are told. */
    void resetByConnection(StreamResetReason reason) {
        if (done) {
            return;
        }
        done = true;
        releaseBuffers();
        decoder.onReset(reason);
        if (callbacks != null) {
            callbacks.onReset(reason);
        }
    }

    private void send() {
        sent = true;
        ByteBuf payload = AttachmentWriter.append(body.take(), attachments, connection.alloc());
        sentId = owner.send(this, request, payload);
        if (!request.isTwoWay()) {
            owner.later(this::completeOneWay);
        }
    }

    private void completeOneWay() {
        if (done) {
            return;
        }
        done = true;
        decoder.onHeaders(DubboHeaders.oneWaySent(), true);
        owner.onStreamComplete(this, sentId);
    }

    private void deliver(Frame response) {
        done = true;
        ByteBuf payload = response.body();
        boolean empty = !payload.isReadable();
        decoder.onHeaders(DubboHeaders.response(response.header()), empty);
        if (empty) {
            payload.release();
        } else {
            decoder.onData(payload, true);
        }
        owner.onStreamComplete(this, sentId);
    }

    private void rejectRequest() {
        if (done) {
            return;
        }
        done = true;
        releaseBuffers();
        decoder.onReset(StreamResetReason.PROTOCOL_ERROR);
        owner.onStreamComplete(this, 0);
    }

    private void releaseBuffers() {
        body.release();
        if (heldResponse != null) {
            heldResponse.release();
            heldResponse = null;
        }
    }
}
