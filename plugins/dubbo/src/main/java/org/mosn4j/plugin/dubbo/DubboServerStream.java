package org.mosn4j.plugin.dubbo;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
import org.mosn4j.spi.stream.StreamCallbacks;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;

/**
 * One request on a downstream connection; as a {@link StreamEncoder} it writes the response once the message
 * is complete, with the consumer's request id.
 *
 * <p>A response read from a provider ({@link DubboHeaders#isResponse}) is written byte for byte but for the id.
 * Anything else is a reply the proxy made itself (no route, no upstream, a timeout, a filter's direct
 * response): it becomes an error response with the {@link DubboStatus#fromHttp Dubbo status} for its HTTP
 * status and the reply's text as the message. For a one-way request nothing is written. A
 * {@link #reset reset} before the response is written also answers with an error, so the consumer never waits
 * for its timeout.
 *
 * <p>Threading: the connection's event loop. Buffers: {@link #encodeData} takes ownership and holds the body
 * until the message ends.
 */
final class DubboServerStream implements StreamEncoder {

    private static final String RESPONSE_FLAG = "x-mosn4j-response-flag";

    private final DubboServerConnection owner;
    private final Connection connection;
    private final FrameHeader request;
    private final BodyBuffer body;
    private StreamDecoder decoder;
    private StreamCallbacks callbacks;
    private FrameHeader upstreamResponse;
    private HeaderMap localReply;
    private boolean headersSent;
    private boolean requestReadEnabled = true;
    private boolean done;

    /**
     * @param owner the connection's server side
     * @param connection the downstream connection
     * @param request the header of the request this stream answers
     */
    DubboServerStream(DubboServerConnection owner, Connection connection, FrameHeader request) {
        this.owner = owner;
        this.connection = connection;
        this.request = request;
        this.body = new BodyBuffer(connection.alloc());
    }

    @Override
    public void encodeHeaders(HeaderMap headers, boolean endOfStream) {
        if (done) {
            return;
        }
        if (headersSent) {
            throw new IllegalStateException("response headers were already sent on connection " + connection.id());
        }
        headersSent = true;
        if (DubboHeaders.isResponse(headers)) {
            upstreamResponse = ((DubboHeaders) headers).frame();
        } else {
            localReply = headers;
        }
        if (endOfStream) {
            finishResponse();
        }
    }

    @Override
    public void encodeData(ByteBuf data, boolean endOfStream) {
        if (done) {
            data.release();
            return;
        }
        if (!headersSent) {
            data.release();
            throw new IllegalStateException("encodeData before encodeHeaders on connection " + connection.id());
        }
        body.append(data);
        if (endOfStream) {
            finishResponse();
        }
    }

    @Override
    public void encodeTrailers(HeaderMap trailers) {
        if (!done && headersSent) {
            finishResponse();
        }
    }

    /** Answers with an error unless the response is already written (or the request is one-way). */
    @Override
    public void reset(StreamResetReason reason) {
        if (done) {
            return;
        }
        if (request.isTwoWay()) {
            boolean upstream = reason == StreamResetReason.REMOTE_RESET || reason == StreamResetReason.CONNECTION_TERMINATED
                    || reason == StreamResetReason.CONNECTION_FAILED;
            owner.write(LocalFrames.errorResponse(connection.alloc(), request.id(),
                    upstream ? DubboStatus.SERVICE_ERROR : DubboStatus.SERVER_ERROR,
                    "mosn4j: the request was reset before its response was complete (" + reason + ")"));
        }
        complete();
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    @Override
    public void setReadEnabled(boolean enabled) {
        if (!done && requestReadEnabled != enabled) {
            requestReadEnabled = enabled;
            owner.onRequestReadEnabledChanged(enabled);
        }
    }

    @Override
    public void setCallbacks(StreamCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    void decoder(StreamDecoder decoder) {
        this.decoder = decoder;
    }

    boolean requestReadEnabled() {
        return requestReadEnabled;
    }

    void onWritabilityChanged(boolean writable) {
        if (!done && callbacks != null) {
            callbacks.onWritabilityChanged(writable);
        }
    }

    /** Ends the stream for a reason outside the proxy: the request's decoder and the callbacks are told. */
    void resetByConnection(StreamResetReason reason) {
        if (done) {
            return;
        }
        done = true;
        releaseBody();
        if (decoder != null) {
            decoder.onReset(reason);
        }
        if (callbacks != null) {
            callbacks.onReset(reason);
        }
    }

    private void finishResponse() {
        ByteBuf payload = body.take();
        if (!request.isTwoWay()) {
            payload.release();
        } else if (upstreamResponse != null) {
            owner.write(upstreamResponse.encode(connection.alloc(), request.id(), payload));
        } else {
            String text = payload.toString(StandardCharsets.UTF_8).trim();
            payload.release();
            int httpStatus = status(localReply);
            owner.write(LocalFrames.errorResponse(connection.alloc(), request.id(), DubboStatus.fromHttp(httpStatus),
                    message(httpStatus, text, localReply.get(RESPONSE_FLAG))));
        }
        complete();
    }

    private void complete() {
        done = true;
        releaseBody();
        owner.onStreamComplete(this);
    }

    private void releaseBody() {
        body.release();
    }

    private static String message(int httpStatus, String text, String flag) {
        StringBuilder out = new StringBuilder("mosn4j: ");
        out.append(text.isEmpty() ? "the proxy answered with status " + httpStatus : text);
        if (flag != null && !flag.isEmpty()) {
            out.append(" (").append(flag).append(')');
        }
        return out.toString();
    }

    private static int status(HeaderMap headers) {
        try {
            String value = headers.get(HeaderNames.STATUS);
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
