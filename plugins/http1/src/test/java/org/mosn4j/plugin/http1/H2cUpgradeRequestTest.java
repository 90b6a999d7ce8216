package org.mosn4j.plugin.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * An HTTP/1.1 request asking to upgrade to h2c (RFC 7540, section 3.2) on an Http1 listener: the Upgrade is
 * declined by answering over HTTP/1.1 (no 101), and neither {@code Upgrade} nor {@code HTTP2-Settings}
 * reaches the backend.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H2cUpgradeRequestTest {

    private static final String SETTINGS = "AAMAAABkAAQCAAAAAAIAAAAA";

    @Test
    void upgradeToH2cIsAnsweredOverHttp11() throws Exception {
        try (Backend backend = new Backend("b");
                RunningMosn mosn = RunningMosn.start(HttpProxyTest.config(
                        HttpProxyTest.prefixRoute("/", "c", ""), HttpProxyTest.cluster("c", "", backend.address()),
                        ""))) {
            int port = mosn.listener("http").getPort();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("GET /headers HTTP/1.1\r\nHost: h\r\n"
                        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: " + SETTINGS
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String response = readResponse(socket.getInputStream());
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                String lower = response.toLowerCase(Locale.ROOT);
                assertFalse(lower.contains("\r\nupgrade:"), response);
                assertFalse(lower.contains("http2-settings"), response);
                assertFalse(lower.contains("\nconnection:"), "the backend saw a Connection header: " + response);

                // Still HTTP/1.1 on the same connection; HTTP2-Settings is dropped even when Connection omits it.
                socket.getOutputStream().write(("GET /headers HTTP/1.1\r\nHost: h\r\nUpgrade: h2c\r\n"
                        + "HTTP2-Settings: " + SETTINGS + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                response = readResponse(socket.getInputStream());
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                assertFalse(response.toLowerCase(Locale.ROOT).contains("http2-settings"), response);
                assertFalse(response.toLowerCase(Locale.ROOT).contains("\nupgrade:"), response);
            }

            // The JDK client asks for h2c on plain http and falls back to HTTP/1.1 when not upgraded.
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/headers")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, response.version());
            assertFalse(response.body().toLowerCase(Locale.ROOT).contains("upgrade"), response.body());
            assertFalse(response.body().toLowerCase(Locale.ROOT).contains("http2-settings"), response.body());
        }
    }

    /** Reads one response with a Content-Length body; returns its head and body as text. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("connection closed after: " + head);
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
