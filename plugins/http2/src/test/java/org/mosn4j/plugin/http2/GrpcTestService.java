package org.mosn4j.plugin.http2;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
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
 * server on an ephemeral loopback port serves it. Every response carries the trailers {@link #TRAILER} and
 * {@link #BINARY_TRAILER}.
 */
final class GrpcTestService implements AutoCloseable {

    static final String SERVICE = "mosn4j.test.Echo";
    static final int MAX_MESSAGE = 8 * 1024 * 1024;

    static final Metadata.Key<String> TRAILER = Metadata.Key.of("x-test-trailer", Metadata.ASCII_STRING_MARSHALLER);
    static final String TRAILER_VALUE = "trailer value 1";
    static final Metadata.Key<byte[]> BINARY_TRAILER =
            Metadata.Key.of("x-test-trailer-bin", Metadata.BINARY_BYTE_MARSHALLER);
    static final byte[] BINARY_TRAILER_VALUE = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
    static final String NOT_FOUND_DESCRIPTION = "no such thing: /a b%c é";

    /** Answers with the request. */
    static final MethodDescriptor<byte[], byte[]> UNARY = method(MethodDescriptor.MethodType.UNARY, "Unary");
    /** Answers after {@link #SLOW_DELAY_SECONDS} unless cancelled first. */
    static final MethodDescriptor<byte[], byte[]> SLOW = method(MethodDescriptor.MethodType.UNARY, "Slow");
    /** Never answers. */
    static final MethodDescriptor<byte[], byte[]> HANG = method(MethodDescriptor.MethodType.UNARY, "Hang");
    /** Fails with NOT_FOUND and {@link #NOT_FOUND_DESCRIPTION}. */
    static final MethodDescriptor<byte[], byte[]> NOT_FOUND = method(MethodDescriptor.MethodType.UNARY, "NotFound");
    /** The request is an int n; answers with the ints 0 to n - 1, one message each. */
    static final MethodDescriptor<byte[], byte[]> SERVER_STREAM =
            method(MethodDescriptor.MethodType.SERVER_STREAMING, "ServerStream");
    /** Requests are ints; answers with two ints: how many came, and how many of them equalled their index. */
    static final MethodDescriptor<byte[], byte[]> CLIENT_STREAM =
            method(MethodDescriptor.MethodType.CLIENT_STREAMING, "ClientStream");
    /** Answers each request with itself. */
    static final MethodDescriptor<byte[], byte[]> BIDI = method(MethodDescriptor.MethodType.BIDI_STREAMING, "Bidi");

    static final long SLOW_DELAY_SECONDS = 10;

    private final Server server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** Counted down when a call of {@link #SLOW} starts. */
    final CountDownLatch slowStarted = new CountDownLatch(1);
    /** Counted down when a call of {@link #SLOW} is cancelled. */
    final CountDownLatch slowCancelled = new CountDownLatch(1);

    private GrpcTestService() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(UNARY, ServerCalls.asyncUnaryCall(GrpcTestService::unary))
                .addMethod(SLOW, ServerCalls.asyncUnaryCall(this::slow))
                .addMethod(HANG, ServerCalls.asyncUnaryCall((request, response) -> { }))
                .addMethod(NOT_FOUND, ServerCalls.asyncUnaryCall((request, response) ->
                        response.onError(Status.NOT_FOUND.withDescription(NOT_FOUND_DESCRIPTION).asRuntimeException())))
                .addMethod(SERVER_STREAM, ServerCalls.asyncServerStreamingCall(GrpcTestService::serverStream))
                .addMethod(CLIENT_STREAM, ServerCalls.asyncClientStreamingCall(GrpcTestService::clientStream))
                .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(GrpcTestService::bidi))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .maxInboundMessageSize(MAX_MESSAGE)
                .addService(ServerInterceptors.intercept(service, new TrailerAdder()))
                .build()
                .start();
    }

    /** @return a started server */
    static GrpcTestService start() throws IOException {
        return new GrpcTestService();
    }

    /** @return {@code 127.0.0.1:port} of the server */
    String address() {
        return "127.0.0.1:" + server.getPort();
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

    private static StreamObserver<byte[]> clientStream(StreamObserver<byte[]> response) {
        return new StreamObserver<>() {
            private int count;
            private int inOrder;

            @Override
            public void onNext(byte[] message) {
                if (message.length == Integer.BYTES && intAt(message, 0) == count) {
                    inOrder++;
                }
                count++;
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                response.onNext(ints(count, inOrder));
                response.onCompleted();
            }
        };
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

    /** Adds the test trailers to every call's trailers, whatever its status. */
    private static final class TrailerAdder implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    trailers.put(TRAILER, TRAILER_VALUE);
                    trailers.put(BINARY_TRAILER, BINARY_TRAILER_VALUE);
                    super.close(status, trailers);
                }
            }, headers);
        }
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
