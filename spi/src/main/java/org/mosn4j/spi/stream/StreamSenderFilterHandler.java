package org.mosn4j.spi.stream;

/** A response filter's handle. */
public interface StreamSenderFilterHandler extends StreamFilterHandler {

    /** @return the response headers, once they exist */
    HeaderMap responseHeaders();
}
