package org.mosn4j.distribution;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC service without generated code: messages are raw bytes, methods are built by hand, and a grpc-java
 * server on an ephemeral loopback port serves it.
 */
final class GrpcEchoService implements AutoCloseable {

    static final String SERVICE = "mosn4j.test.Echo";

    /** Answers with the request. */
    static final MethodDescriptor<byte[], byte[]> UNARY = method(MethodDescriptor.MethodType.UNARY, "Unary");
    /** Answers after {@link #SLOW_DELAY_SECONDS} unless cancelled first. */
    static final MethodDescriptor<byte[], byte[]> SLOW = method(MethodDescriptor.MethodType.UNARY, "Slow");
    /** The request is an int n; answers with the ints 0 to n - 1, one message each. */
    static final MethodDescriptor<byte[], byte[]> SERVER_STREAM =
            method(MethodDescriptor.MethodType.SERVER_STREAMING, "ServerStream");
    /** Answers each request with itself. */
    static final MethodDescriptor<byte[], byte[]> BIDI = method(MethodDescriptor.MethodType.BIDI_STREAMING, "Bidi");

    static final long SLOW_DELAY_SECONDS = 10;

    private final Server server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** Counted down when a call of {@link #SLOW} starts. */
    final CountDownLatch slowStarted = new CountDownLatch(1);
    /** Counted down when a call of {@link #SLOW} is cancelled. */
    final CountDownLatch slowCancelled = new CountDownLatch(1);

    private GrpcEchoService() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(UNARY, ServerCalls.asyncUnaryCall(GrpcEchoService::unary))
                .addMethod(SLOW, ServerCalls.asyncUnaryCall(this::slow))
                .addMethod(SERVER_STREAM, ServerCalls.asyncServerStreamingCall(GrpcEchoService::serverStream))
                .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(GrpcEchoService::bidi))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(service)
                .build()
                .start();
    }

    /** @return a started server */
    static GrpcEchoService start() throws IOException {
        return new GrpcEchoService();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
    }

    static byte[] ints(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Integer.BYTES);
        for (int value : values) {
            buffer.putInt(value);
        }
        return buffer.array();
    }

    static int intAt(byte[] message, int index) {
        return ByteBuffer.wrap(message).getInt(index * Integer.BYTES);
    }

    private static MethodDescriptor<byte[], byte[]> method(MethodDescriptor.MethodType type, String name) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(BytesMarshaller.INSTANCE)
                .setResponseMarshaller(BytesMarshaller.INSTANCE)
                .build();
    }

    private static void unary(byte[] request, StreamObserver<byte[]> response) {
        response.onNext(request);
        response.onCompleted();
    }

    private void slow(byte[] request, StreamObserver<byte[]> response) {
        ServerCallStreamObserver<byte[]> call = (ServerCallStreamObserver<byte[]>) response;
        call.setOnCancelHandler(slowCancelled::countDown);
        slowStarted.countDown();
        timer.schedule(() -> {
            if (!call.isCancelled()) {
                unary(request, response);
            }
        }, SLOW_DELAY_SECONDS, TimeUnit.SECONDS);
    }

    private static void serverStream(byte[] request, StreamObserver<byte[]> response) {
        int count = intAt(request, 0);
        for (int i = 0; i < count; i++) {
            response.onNext(ints(i));
        }
        response.onCompleted();
    }

    private static StreamObserver<byte[]> bidi(StreamObserver<byte[]> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] message) {
                response.onNext(message);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                response.onCompleted();
            }
        };
    }

    /** Messages as they are on the wire. */
    private enum BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
