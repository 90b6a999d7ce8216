package org.mosn4j.bench.stream;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.mosn4j.bench.support.BrowserRequest;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link DefaultHeaderMap}, the map every protocol hands the proxy, with the 12 headers of a typical proxied GET
 * (4 pseudo headers, 8 others) in the order the Http1 codec adds them. Lookups use another letter case than the
 * one stored, as filters and routes often do. Operations that would change the map's size come in pairs
 * ({@code addRemove}) so every operation starts from the same map.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class HeaderMapBenchmark {

    private HeaderMap headers;
    private BiConsumer<String, String> visitor;
    private int visited;

    @Setup(Level.Trial)
    public void setUp() {
        headers = typical();
        visitor = (name, value) -> visited += name.length() + value.length();
    }

    /** @return the headers of a proxied browser GET */
    static HeaderMap typical() {
        HeaderMap map = BrowserRequest.get("/api/v1/users/12345?include=profile");
        map.add("x-request-id", "6f1c2a9e-8b7d-4c3e-a5f0-1d2b3c4d5e6f");
        map.add("x-forwarded-for", "192.0.2.7");
        map.add("x-forwarded-proto", "http");
        return map;
    }

    /** A pseudo header near the front, as routing reads it. */
    @Benchmark
    public String getPseudo() {
        return headers.get(HeaderNames.PATH);
    }

    /** The last header, in another letter case. */
    @Benchmark
    public String getLast() {
        return headers.get("X-Forwarded-Proto");
    }

    /** A header the request lacks: every name is compared. */
    @Benchmark
    public String getMissing() {
        return headers.get("X-Tenant");
    }

    @Benchmark
    public boolean contains() {
        return headers.contains("Cookie");
    }

    /** The values of one header, as a list. */
    @Benchmark
    public List<String> getAll() {
        return headers.getAll("Accept");
    }

    /** Replaces the value of a header that is present. */
    @Benchmark
    public void setExisting() {
        headers.set("X-Request-Id", "0b8e7c6d-5a4f-4e3d-9c2b-1a0f9e8d7c6b");
    }

    /** Adds a header after the others, then removes it. */
    @Benchmark
    public boolean addRemove() {
        headers.add("x-mosn4j-upstream", "10.0.0.12:8080");
        return headers.remove("X-Mosn4j-Upstream");
    }

    /** Adds a pseudo header (after the other pseudo headers), then removes it. */
    @Benchmark
    public boolean addRemovePseudo() {
        headers.add(":protocol", "websocket");
        return headers.remove(":protocol");
    }

    /** Visits every name and value, as an encoder copying the headers does. */
    @Benchmark
    public int forEach() {
        visited = 0;
        headers.forEach(visitor);
        return visited;
    }

    /** An independent copy, as a retry or a mirrored request takes. */
    @Benchmark
    public HeaderMap copy() {
        return headers.copy();
    }

    /** A new map filled with the 12 headers, as a decoder builds one per request. */
    @Benchmark
    public void build(Blackhole bh) {
        bh.consume(typical());
    }
}
