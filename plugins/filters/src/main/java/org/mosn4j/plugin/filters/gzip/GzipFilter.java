package org.mosn4j.plugin.filters.gzip;

import io.netty.buffer.ByteBuf;
import java.util.Locale;
import org.mosn4j.plugin.filters.common.PerRouteConfig;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
import org.mosn4j.spi.stream.StreamFilterStatus;
import org.mosn4j.spi.stream.StreamSenderFilter;
import org.mosn4j.spi.stream.StreamSenderFilterHandler;

/**
 * One response's compression. At the response headers it decides: a response with a body, to a request other
 * than {@code HEAD}, with a status other than 204 and 304, not already encoded, not marked
 * {@code Cache-Control: no-transform}, of a configured content type and not shorter than the minimum
 * {@code Content-Length} is compressible, and gets {@code Vary: Accept-Encoding}; it is compressed when the
 * request's {@code Accept-Encoding} takes gzip. Then {@code Content-Encoding: gzip} is set,
 * {@code Content-Length} dropped (the body is then chunked on HTTP/1.1) and a strong {@code ETag} made weak, and
 * each body chunk is replaced by its compressed form as it passes ({@link StreamSenderFilterHandler#injectData}).
 *
 * <p>Confined to the stream's event loop. Buffers: each chunk taken is released once compressed.
 */
final class GzipFilter implements StreamSenderFilter {

    private final GzipSettings listenerSettings;
    private StreamSenderFilterHandler handler;
    private GzipEncoder encoder;

    GzipFilter(GzipSettings listenerSettings) {
        this.listenerSettings = listenerSettings;
    }

    @Override
    public void init(StreamSenderFilterHandler handler) {
        this.handler = handler;
    }

    @Override
    public StreamFilterStatus onHeaders(HeaderMap headers, boolean endOfStream) {
        GzipSettings settings = PerRouteConfig.choose(handler, GzipFilterFactory.TYPE, listenerSettings, GzipSettings.class);
        HeaderMap request = handler.requestHeaders();
        if (settings.disabled() || endOfStream || request == null || !compressible(settings, request, headers)) {
            return StreamFilterStatus.CONTINUE;
        }
        addVary(headers);
        if (!AcceptEncoding.acceptsGzip(request.getAll("accept-encoding"))) {
            return StreamFilterStatus.CONTINUE;
        }
        headers.set("content-encoding", "gzip");
        headers.remove("content-length");
        String etag = headers.get("etag");
        if (etag != null && !etag.startsWith("W/")) {
            headers.set("etag", "W/" + etag);
        }
        encoder = new GzipEncoder(settings.level());
        return StreamFilterStatus.CONTINUE;
    }

    private static boolean compressible(GzipSettings settings, HeaderMap request, HeaderMap response) {
        if ("HEAD".equalsIgnoreCase(request.get(HeaderNames.METHOD))) {
            return false;
        }
        String status = response.get(HeaderNames.STATUS);
        if (status == null || status.startsWith("1") || status.equals("204") || status.equals("304")) {
            return false;
        }
        String encoding = response.get("content-encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            return false;
        }
        String cacheControl = response.get("cache-control");
        if (cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("no-transform")) {
            return false;
        }
        if (!settings.compresses(response.get("content-type"))) {
            return false;
        }
        long length = contentLength(response.get("content-length"));
        return length < 0 || length >= settings.minLength();
    }

    private static void addVary(HeaderMap headers) {
        String vary = headers.get("vary");
        if (vary == null || vary.isBlank()) {
            headers.set("vary", "Accept-Encoding");
            return;
        }
        for (String token : vary.split(",")) {
            String name = token.trim();
            if (name.equals("*") || name.equalsIgnoreCase("accept-encoding")) {
                return;
            }
        }
        headers.set("vary", vary + ", Accept-Encoding");
    }

    private static long contentLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public StreamFilterStatus onData(ByteBuf data, boolean endOfStream) {
        if (encoder == null) {
            return StreamFilterStatus.CONTINUE;
        }
        ByteBuf compressed;
        try {
            if (!data.isReadable() && !endOfStream) {
                return StreamFilterStatus.STOP;
            }
            compressed = encoder.encode(data, endOfStream, handler.connection().alloc());
        } finally {
            data.release();
        }
        handler.injectData(compressed, endOfStream);
        return StreamFilterStatus.STOP;
    }

    @Override
    public StreamFilterStatus onTrailers(HeaderMap trailers) {
        if (encoder != null && !encoder.finished()) {
            handler.injectData(encoder.finish(handler.connection().alloc()), false);
        }
        return StreamFilterStatus.CONTINUE;
    }

    @Override
    public void onDestroy() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }
}
