package org.mosn4j.bench.http1;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.mosn4j.bench.support.DiscardingConnection;
import org.mosn4j.bench.support.Exchange;
import org.mosn4j.bench.support.Reads;
import org.mosn4j.bench.support.ReusableUpstream;
import org.mosn4j.plugin.http1.Http1Protocol;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamDecoder;
import org.mosn4j.spi.stream.StreamEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code Http1} protocol plugin's codec, driven through its public entry point ({@link Http1Protocol}) on one
 * kept-alive connection each, as the proxy drives it: bytes in through {@code onData}, stream headers and body
 * out to a {@link StreamDecoder}, responses and requests in through a {@link StreamEncoder}, bytes out to the
 * connection (discarded).
 *
 * <p>An HTTP/1.1 connection carries one exchange at a time and takes the next request only once the response
 * is complete, so every operation is a whole exchange seen from one side:
 * <ul>
 *   <li>{@code serverDecodeGet}: a GET with 10 headers decoded into a stream's headers, answered with a bodiless
 *       204, the least a response can cost;</li>
 *   <li>{@code serverDecodeGetEncodeResponse1k}: the same GET, answered with a 200 with 5 headers and a 1 KiB
 *       body; the difference to the one above is the cost of encoding that response;</li>
 *   <li>{@code clientEncodeGetDecodeResponse1k}: the GET encoded on an upstream connection and the 1 KiB response
 *       decoded into the stream's headers and body;</li>
 *   <li>{@code clientEncodeGetDecode204}: the same GET and a bodiless 204; the difference to the one above is the
 *       cost of decoding the 1 KiB response.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dio.netty.leakDetection.level=disabled"})
public class Http1CodecBenchmark {

    /** A browser-like GET: request line and 10 headers. */
    static final byte[] GET = ascii("""
            GET /api/v1/users/12345?include=profile HTTP/1.1\r
            Host: api.example.com\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r
            Accept: application/json, text/plain, */*\r
            Accept-Encoding: gzip, deflate, br\r
            Accept-Language: en-US,en;q=0.9\r
            Connection: keep-alive\r
            Cookie: session=3f9a1c0e7b5d4a2f8e6c; theme=dark\r
            Referer: https://www.example.com/app/users\r
            X-Request-Id: 6f1c2a9e-8b7d-4c3e-a5f0-1d2b3c4d5e6f\r
            Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl\r
            \r
            """);

    static final int BODY_LENGTH = 1024;

    /** A 200 with 5 headers and a 1 KiB body, as an upstream sends it. */
    static final byte[] RESPONSE_1K = concat(ascii("""
            HTTP/1.1 200 OK\r
            Content-Type: application/json\r
            Content-Length: 1024\r
            Date: Mon, 02 Jun 2025 10:00:00 GMT\r
            Server: nginx\r
            Cache-Control: no-cache\r
            \r
            """), body());

    /** A bodiless 204, as an upstream sends it. */
    static final byte[] RESPONSE_204 = ascii("HTTP/1.1 204 No Content\r\nDate: Mon, 02 Jun 2025 10:00:00 GMT\r\n\r\n");

    private final Http1Protocol protocol = new Http1Protocol();
    private final Exchange exchange = new Exchange();
    private final byte[] responseBody = body();
    private DiscardingConnection downstream;
    private ServerStreamConnection server;
    private DiscardingConnection upstream;
    private ClientStreamConnection client;
    private HeaderMap response1k;
    private HeaderMap response204;
    private HeaderMap request;

    @Setup(Level.Trial)
    public void setUp() {
        downstream = new DiscardingConnection();
        server = protocol.newServerConnection(downstream, exchange);
        upstream = new DiscardingConnection();
        client = ReusableUpstream.open(protocol, upstream);
        response1k = headers(":status", "200", "content-type", "application/json", "content-length", "1024",
                "date", "Mon, 02 Jun 2025 10:00:00 GMT", "server", "nginx", "cache-control", "no-cache");
        response204 = headers(":status", "204", "date", "Mon, 02 Jun 2025 10:00:00 GMT");
        // The GET as the server side turns it into a stream: what the proxy forwards upstream.
        request = headers(":method", "GET", ":scheme", "http", ":path", "/api/v1/users/12345?include=profile",
                ":authority", "api.example.com",
                "user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "accept", "application/json, text/plain, */*", "accept-encoding", "gzip, deflate, br",
                "accept-language", "en-US,en;q=0.9", "cookie", "session=3f9a1c0e7b5d4a2f8e6c; theme=dark",
                "referer", "https://www.example.com/app/users", "x-request-id", "6f1c2a9e-8b7d-4c3e-a5f0-1d2b3c4d5e6f",
                "authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl",
                "x-forwarded-for", "192.0.2.7", "x-forwarded-proto", "http");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.onConnectionClosed();
        client.onConnectionClosed();
        downstream.dispose();
        upstream.dispose();
    }

    @Benchmark
    public void serverDecodeGet(Blackhole bh) {
        StreamEncoder response = receiveGet(bh);
        response.encodeHeaders(response204, true);
        downstream.checkOpen("a 204 response");
    }

    @Benchmark
    public void serverDecodeGetEncodeResponse1k(Blackhole bh) {
        StreamEncoder response = receiveGet(bh);
        response.encodeHeaders(response1k, false);
        response.encodeData(Reads.of(downstream.alloc(), responseBody), true);
        downstream.checkOpen("a 1 KiB response");
    }

    @Benchmark
    public void clientEncodeGetDecodeResponse1k(Blackhole bh) {
        exchange.reset();
        client.newStream(exchange).encodeHeaders(request, true);
        client.onData(Reads.of(upstream.alloc(), RESPONSE_1K), false);
        exchange.check(BODY_LENGTH);
        bh.consume(exchange.headers);
    }

    @Benchmark
    public void clientEncodeGetDecode204(Blackhole bh) {
        exchange.reset();
        client.newStream(exchange).encodeHeaders(request, true);
        client.onData(Reads.of(upstream.alloc(), RESPONSE_204), false);
        exchange.check(0);
        bh.consume(exchange.headers);
    }

    /** @return the encoder of the stream the GET started, once its headers were decoded */
    private StreamEncoder receiveGet(Blackhole bh) {
        exchange.reset();
        server.onData(Reads.of(downstream.alloc(), GET), false);
        exchange.check(0);
        bh.consume(exchange.headers);
        return exchange.encoder;
    }

    private static HeaderMap headers(String... namesAndValues) {
        HeaderMap map = new DefaultHeaderMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] body() {
        byte[] body = new byte[BODY_LENGTH];
        Arrays.fill(body, (byte) 'x');
        body[0] = '"';
        body[BODY_LENGTH - 1] = '"';
        return body;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
