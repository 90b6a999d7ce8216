package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mosn4j.kernel.RunningMosn;

/**
 * Known HTTP/1.1 request smuggling and header injection shapes (CL.TE, TE.CL, TE.TE obfuscations, conflicting
 * Content-Length, obs-fold, bare LF, NUL and bare CR in headers, malformed lengths): each is refused with a 4xx
 * or 5xx and the connection closed, and no request (least of all the smuggled one) reaches the backend.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RequestSmugglingTest {

    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";

    private static Backend backend;
    private static RunningMosn mosn;

    @BeforeAll
    static void start() throws Exception {
        backend = new Backend("b");
        mosn = RunningMosn.start(HttpProxyTest.config(HttpProxyTest.prefixRoute("/", "c", ""),
                HttpProxyTest.cluster("c", "", backend.address()), ""));
    }

    @AfterAll
    static void stop() throws Exception {
        mosn.close();
        backend.close();
    }

    static Stream<Arguments> desyncs() {
        return Stream.of(
                Arguments.of("CL.TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE.CL", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\n" + SMUGGLED + "\r\n0\r\n\r\n"),
                Arguments.of("TE.TE, a second unknown coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE.TE, xchunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\nContent-Length: 4\r\n\r\n" + SMUGGLED),
                Arguments.of("TE.TE, space before the colon", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\nContent-Length: 4\r\n\r\n" + SMUGGLED),
                Arguments.of("TE.TE, chunked then identity", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("differing Content-Lengths", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 38\r\n\r\n" + SMUGGLED),
                Arguments.of("a list of Content-Lengths", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0, 38\r\n\r\n" + SMUGGLED),
                Arguments.of("a signed Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +38\r\n\r\n" + SMUGGLED),
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: a\r\n Transfer-Encoding: chunked\r\n\r\n"),
                Arguments.of("bare LF", "GET / HTTP/1.1\nHost: a\nX-A: b\n\n" + SMUGGLED),
                Arguments.of("NUL in a header value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u0000b\r\n\r\n"),
                Arguments.of("bare CR in a header value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\rTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of("a space in a header name", "GET / HTTP/1.1\r\nHost: a\r\nX A: b\r\n\r\n"),
                Arguments.of("an overflowing chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nx\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("desyncs")
    void isRefusedAndNothingReachesTheBackend(String name, String request) throws Exception {
        int before = backend.requests();
        String answer = exchange(request);
        assertTrue(answer.matches("(?s)HTTP/1\\.1 [45]\\d\\d .*"), name + ": answered\n" + answer);
        assertEquals(1, answer.split("HTTP/1\\.1 ", -1).length - 1, name + ": one answer only\n" + answer);
        assertEquals(before, backend.requests(), name + ": a request reached the backend");
    }

    /** Sends the bytes and reads until the proxy closes the connection. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", mosn.listener("http").getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // closed with unread input: what came before is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
