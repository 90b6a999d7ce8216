package com.example.mosn4j.headerguard;

import java.util.Map;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamSenderFilter;
import org.mosn4j.spi.stream.StreamSenderFilterHandler;

/**
 * The response side of {@code example_header_guard}: sets the configured headers on the upstream's response.
 * One instance per stream, on the stream's event loop; body chunks pass untouched.
 */
final class StampResponseFilter implements StreamSenderFilter {

    private final Map<String, String> headers;

    StampResponseFilter(Map<String, String> headers) {
        this.headers = headers;
    }

    @Override
    public void init(StreamSenderFilterHandler handler) {
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap responseHeaders, boolean endOfStream) {
        headers.forEach(responseHeaders::set);
        return StreamFilterStatus.CONTINUE;
    }
}
