package org.mosn4j.bench.support;

import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;

/** The headers a browser sends with a GET for JSON, as the proxy sees them: what the benchmarks route and copy. */
public final class BrowserRequest {

    private BrowserRequest() {
    }

    /**
     * @param path the request's {@code :path}
     * @return a new map with the pseudo headers and a browser's usual headers (user agent, accepts, a cookie), to
     *         which a benchmark adds its own
     */
    public static HeaderMap get(String path) {
        HeaderMap map = new DefaultHeaderMap();
        map.add(HeaderNames.METHOD, "GET");
        map.add(HeaderNames.SCHEME, "http");
        map.add(HeaderNames.PATH, path);
        map.add(HeaderNames.AUTHORITY, "api.example.com");
        map.add("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        map.add("accept", "application/json, text/plain, */*");
        map.add("accept-encoding", "gzip, deflate, br");
        map.add("accept-language", "en-US,en;q=0.9");
        map.add("cookie", "session=3f9a1c0e7b5d4a2f8e6c; theme=dark");
        return map;
    }
}
