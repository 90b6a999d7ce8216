package org.mosn4j.kernel.network.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.network.Transport;

/**
 * The old process's side of the conversation, spoken to from plain JDK Unix sockets in the documented wire format
 * (four-byte length, JSON): the socket file, refusals, and which sockets are offered.
 */
@Timeout(30)
class ListenerHandoverServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path path;
    private EventLoopGroup group;
    private Channel listening;
    private SocketKey web;
    private ListenerHandoverServer server;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Transport.detect() == Transport.EPOLL, "hot upgrade needs the epoll transport");
        path = dir.resolve("upgrade.sock");
        group = Transport.EPOLL.newEventLoopGroup(1, "handover-test");
        listening = new ServerBootstrap().group(group).channel(Transport.EPOLL.serverChannelClass())
                .childHandler(new ChannelInboundHandlerAdapter()).bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly().channel();
        web = SocketKey.listener("web", new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (listening != null) {
            listening.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private ListenerHandoverServer listen(List<OfferedSocket> offered) throws IOException {
        return ListenerHandoverServer.listen(path, group, new Predecessor() {
            @Override
            public List<OfferedSocket> offeredSockets() {
                return offered;
            }

            @Override
            public void stopAccepting() {
                throw new AssertionError("nobody took over");
            }

            @Override
            public void drain() {
                throw new AssertionError("nobody took over");
            }
        });
    }

    private SocketChannel connect() throws IOException {
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
        client.connect(UnixDomainSocketAddress.of(path));
        return client;
    }

    private static void send(SocketChannel client, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip();
        while (frame.hasRemaining()) {
            client.write(frame);
        }
    }

    private static JsonNode receive(SocketChannel client) throws IOException {
        ByteBuffer length = readFully(client, 4);
        return JSON.readTree(readFully(client, length.getInt()).array());
    }

    private static ByteBuffer readFully(SocketChannel client, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.hasRemaining()) {
            if (client.read(buffer) < 0) {
                throw new IOException("closed after " + buffer.position() + " of " + bytes + " bytes");
            }
        }
        return buffer.flip();
    }

    private String request(int version, SocketKey... keys) throws IOException {
        return JSON.writeValueAsString(new HandoverMessage(HandoverMessage.Type.REQUEST, version, 4242L, List.of(keys), null));
    }

    @Test
    void theSocketFileIsTheOwnersOnlyAndGoesAwayOnClose() throws Exception {
        server = listen(List.of());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(path));
        server.close();
        assertTrue(Files.notExists(path));
    }

    @Test
    void onlyTheSocketsBothSidesHaveAreOfferedInTheOrderAsked() throws Exception {
        server = listen(List.of(new OfferedSocket(web, listening)));
        SocketKey other = SocketKey.listener("other", new InetSocketAddress("127.0.0.1", 0));
        SocketKey moved = SocketKey.listener("web", new InetSocketAddress("127.0.0.1", 8080));
        try (SocketChannel client = connect()) {
            send(client, request(HandoverMessage.VERSION, other, moved, web));
            JsonNode offer = receive(client);
            assertEquals("OFFER", offer.path("type").asText(), offer.toString());
            assertEquals(ProcessHandle.current().pid(), offer.path("pid").asLong());
            assertEquals(1, offer.path("sockets").size(), offer.toString());
            assertEquals(JSON.valueToTree(web), offer.path("sockets").get(0));
        }
    }

    @Test
    void aRequestInAnotherVersionIsRefused() throws Exception {
        server = listen(List.of(new OfferedSocket(web, listening)));
        try (SocketChannel client = connect()) {
            send(client, request(99, web));
            JsonNode refused = receive(client);
            assertEquals("REFUSED", refused.path("type").asText());
            assertEquals("handover version 99 asked, this process speaks 1", refused.path("reason").asText());
        }
    }

    @Test
    void oneSuccessorAtATime() throws Exception {
        server = listen(List.of(new OfferedSocket(web, listening)));
        try (SocketChannel first = connect()) {
            send(first, request(HandoverMessage.VERSION, web));
            assertEquals("OFFER", receive(first).path("type").asText());
            try (SocketChannel second = connect()) {
                send(second, request(HandoverMessage.VERSION, web));
                JsonNode refused = receive(second);
                assertEquals("another upgrade is in progress", refused.path("reason").asText());
            }
        }
        // The first one left without taking over: the next may.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (SocketChannel third = connect()) {
                send(third, request(HandoverMessage.VERSION, web));
                JsonNode answer = receive(third);
                if (answer.path("type").asText().equals("OFFER")) {
                    return;
                }
                assertTrue(System.nanoTime() < deadline, "still refused: " + answer);
            }
        }
    }

    @Test
    void aStaleSocketFileIsReplacedAndALiveOneKept() throws Exception {
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(path));
            IOException e = assertThrows(IOException.class, () -> listen(List.of()));
            assertEquals("another process listens on " + path, e.getMessage());
        }
        assertTrue(Files.exists(path), "a closed JDK server leaves its socket file");
        server = listen(List.of());
        try (SocketChannel client = connect()) {
            send(client, request(HandoverMessage.VERSION));
            assertEquals("OFFER", receive(client).path("type").asText());
        }
    }
}
