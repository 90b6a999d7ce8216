package org.mosn4j.plugin.filters.common;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The JDK's HTTP client for the filter tests: HTTP/1.1, or HTTP/2 after an h2c upgrade on an Auto listener. */
public final class HttpClients {

    private HttpClients() {
    }

    /** @return a client speaking HTTP/1.1 */
    public static HttpClient http1() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * @return a client whose connection to {@code port} has been upgraded to HTTP/2 (h2c) with a first GET, so
     *         that later requests, POSTs included, go over HTTP/2
     */
    public static HttpClient http2(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<Void> first = client.send(request(port, "/").build(), HttpResponse.BodyHandlers.discarding());
        if (first.version() != HttpClient.Version.HTTP_2) {
            throw new AssertionError("the listener did not take the h2c upgrade: " + first.version());
        }
        return client;
    }

    /** @return a request builder for {@code http://127.0.0.1:port/path}, with a 20 s timeout */
    public static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
    }
}
