package org.mosn4j.bench.dubbo;

import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mosn4j.bench.support.DiscardingConnection;
import org.mosn4j.bench.support.Exchange;
import org.mosn4j.bench.support.Reads;
import org.mosn4j.bench.support.ReusableUpstream;
import org.mosn4j.plugin.dubbo.DubboProtocol;
import org.mosn4j.plugin.dubbo.InvocationDecoding;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.StreamEncoder;
import org.mosn4j.spi.stream.StreamResetReason;
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
 * The {@code dubbo} protocol plugin's codec, driven through its public entry point ({@link DubboProtocol}) on one
 * downstream and one upstream connection, with a Dubbo 2 call as a consumer sends it: {@code sayHello(String)}
 * with a hessian2 body and six attachments (interface, path, version, group, timeout, application).
 * <ul>
 *   <li>{@code serverDecodeRequest}: a request frame read into a stream: framing ({@code FrameDecoder}), the
 *       routing fields read from the body ({@code InvocationDecoder}) into the stream's headers
 *       ({@code service}, {@code method}, {@code version}, {@code group} and the attachments), the body handed
 *       on. The frame is one-way so that the stream can end without a response being written; a two-way frame is
 *       decoded the same way.</li>
 *   <li>{@code decodeInvocation}: the routing-field extraction alone, on the body of that frame.</li>
 *   <li>{@code serverDecodeRequestEncodeResponse}: a two-way request decoded into a stream and answered with a
 *       provider's response (a string result), which goes out as a frame with the consumer's request id; the
 *       difference to {@code serverDecodeRequest} is the cost of encoding the response.</li>
 *   <li>{@code clientSendRequestDecodeResponse}: the upstream side of the same call: the decoded request sent to
 *       the provider with a new id, and the provider's response frame read and decoded into the stream's headers
 *       and body.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dio.netty.leakDetection.level=disabled"})
public class DubboCodecBenchmark {

    static final String SERVICE = "org.example.GreetingService";
    static final int TWO_WAY_REQUEST = 0x80 | 0x40 | 2;
    static final int ONE_WAY_REQUEST = 0x80 | 2;
    static final int RESPONSE = 2;
    static final int OK = 20;

    static final byte[] REQUEST_BODY = hessian(out -> {
        out.writeString("2.0.2");
        out.writeString(SERVICE);
        out.writeString("1.0.0");
        out.writeString("sayHello");
        out.writeString("Ljava/lang/String;");
        out.writeString("mosn4j benchmark caller");
        Map<String, String> attachments = new LinkedHashMap<>();
        attachments.put("interface", SERVICE);
        attachments.put("path", SERVICE);
        attachments.put("version", "1.0.0");
        attachments.put("group", "blue");
        attachments.put("timeout", "3000");
        attachments.put("remote.application", "bench-consumer");
        out.writeObject(attachments);
    });

    /** A provider's value result: the response flag 1 (a value, no attachments), then the string. */
    static final byte[] RESPONSE_BODY = hessian(out -> {
        out.writeInt(1);
        out.writeString("Hello, mosn4j benchmark caller");
    });

    static final byte[] ONE_WAY_FRAME = frame(ONE_WAY_REQUEST, 0, 7, REQUEST_BODY);
    static final byte[] TWO_WAY_FRAME = frame(TWO_WAY_REQUEST, 0, 7, REQUEST_BODY);

    private final DubboProtocol protocol = new DubboProtocol();
    private final Exchange exchange = new Exchange();
    private final byte[] responseFrame = frame(RESPONSE, OK, 0, RESPONSE_BODY);
    private DiscardingConnection downstream;
    private ServerStreamConnection server;
    private DiscardingConnection upstream;
    private ClientStreamConnection client;
    /** The headers of a request as the server side decodes them: what the proxy forwards. */
    private HeaderMap requestHeaders;
    /** The headers of a provider's response as the client side decodes them: what the proxy answers with. */
    private HeaderMap responseHeaders;
    /** The id the upstream connection sends its next request with: 1, 2, 3, ... */
    private long nextUpstreamId = 1;
    private ByteBuf requestBody;

    @Setup(Level.Trial)
    public void setUp() {
        downstream = new DiscardingConnection();
        server = protocol.newServerConnection(downstream, exchange);
        upstream = new DiscardingConnection();
        client = ReusableUpstream.open(protocol, upstream);
        exchange.reset();
        server.onData(Reads.of(downstream.alloc(), TWO_WAY_FRAME), false);
        exchange.check(REQUEST_BODY.length);
        requestHeaders = exchange.headers;
        StreamEncoder pending = exchange.encoder;
        responseHeaders = forwardUpstream();
        pending.reset(StreamResetReason.LOCAL_RESET);
        requestBody = Reads.of(downstream.alloc(), REQUEST_BODY);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        requestBody.release();
        server.onConnectionClosed();
        client.onConnectionClosed();
        downstream.dispose();
        upstream.dispose();
    }

    @Benchmark
    public void serverDecodeRequest(Blackhole bh) {
        exchange.reset();
        server.onData(Reads.of(downstream.alloc(), ONE_WAY_FRAME), false);
        exchange.check(REQUEST_BODY.length);
        bh.consume(exchange.headers.get("service"));
        bh.consume(exchange.headers.get("method"));
        exchange.encoder.reset(StreamResetReason.LOCAL_RESET);
        downstream.checkOpen("a one-way request");
    }

    @Benchmark
    public Object decodeInvocation() throws Exception {
        return InvocationDecoding.decode(requestBody);
    }

    @Benchmark
    public void serverDecodeRequestEncodeResponse(Blackhole bh) {
        exchange.reset();
        server.onData(Reads.of(downstream.alloc(), TWO_WAY_FRAME), false);
        exchange.check(REQUEST_BODY.length);
        bh.consume(exchange.headers.get("service"));
        bh.consume(exchange.headers.get("method"));
        StreamEncoder response = exchange.encoder;
        response.encodeHeaders(responseHeaders, false);
        response.encodeData(Reads.of(downstream.alloc(), RESPONSE_BODY), true);
        downstream.checkOpen("a two-way request and its response");
    }

    @Benchmark
    public HeaderMap clientSendRequestDecodeResponse() {
        return forwardUpstream();
    }

    /** @return the headers of the provider's response to the request sent upstream */
    private HeaderMap forwardUpstream() {
        exchange.reset();
        StreamEncoder request = client.newStream(exchange);
        request.encodeHeaders(requestHeaders, false);
        request.encodeData(Reads.of(upstream.alloc(), REQUEST_BODY), true);
        ByteBuf response = Reads.of(upstream.alloc(), responseFrame);
        response.setLong(4, nextUpstreamId++);
        client.onData(response, false);
        exchange.check(RESPONSE_BODY.length);
        return exchange.headers;
    }

    private interface HessianWriter {
        void write(Hessian2Output out) throws IOException;
    }

    private static byte[] hessian(HessianWriter writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Hessian2Output out = new Hessian2Output(bytes);
        try {
            writer.write(out);
            out.flushBuffer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a hessian2 body", e);
        }
        return bytes.toByteArray();
    }

    /** @return a Dubbo 2 frame: magic, flags, status, id, body length, body */
    private static byte[] frame(int flags, int status, long id, byte[] body) {
        return ByteBuffer.allocate(16 + body.length).putShort((short) 0xdabb).put((byte) flags).put((byte) status)
                .putLong(id).putInt(body.length).put(body).array();
    }
}
