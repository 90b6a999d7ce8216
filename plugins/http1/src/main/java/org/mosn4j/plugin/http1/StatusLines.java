package org.mosn4j.plugin.http1;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * HTTP/1.1 status lines ({@code HTTP/1.1 200 OK CRLF}) as bytes, made once per status code and shared by every
 * connection; the reason phrase is the standard one (Netty's), or {@code Unknown Status} style text for others.
 * Thread-safe.
 */
final class StatusLines {

    private static final int FIRST = 100;
    private static final AtomicReferenceArray<byte[]> LINES = new AtomicReferenceArray<>(900);

    private StatusLines() {
    }

    /**
     * @param status a status code from 100 to 999
     * @return its status line, with CRLF; the caller must not change the array
     */
    static byte[] of(int status) {
        byte[] line = LINES.get(status - FIRST);
        if (line == null) {
            HttpResponseStatus known = HttpResponseStatus.valueOf(status);
            line = ("HTTP/1.1 " + status + ' ' + known.reasonPhrase() + "\r\n").getBytes(StandardCharsets.US_ASCII);
            LINES.set(status - FIRST, line);
        }
        return line;
    }
}
