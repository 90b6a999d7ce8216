package org.mosn4j.plugin.tcpproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;

/**
 * A backend that writes as fast as it can to a client that reads slowly: the proxy must stop reading from
 * the backend while the client's side is full, so neither its buffers nor the bytes in flight grow with the
 * amount sent.
 */
class TcpProxyBackpressureTest {

    private static final long TOTAL = 256L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final long MIB = 1024 * 1024;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void slowReaderKeepsProxyMemoryBounded() throws Exception {
        AtomicLong written = new AtomicLong();
        try (Backends.Backend firehose = new Backends.Backend(socket -> {
            try {
                socket.setSendBufferSize(CHUNK);
                OutputStream out = socket.getOutputStream();
                byte[] chunk = new byte[CHUNK];
                for (long sent = 0; sent < TOTAL; sent += CHUNK) {
                    out.write(chunk);
                    written.addAndGet(CHUNK);
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
             RunningMosn mosn = RunningMosn.start(TcpProxyConfigs.listener("{\"cluster\": \"firehose\"}",
                     TcpProxyConfigs.cluster("firehose", firehose.address())));
             Socket client = new Socket()) {
            var metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
            long baseline = metric.usedDirectMemory() + metric.usedHeapMemory();
            client.setReceiveBufferSize(CHUNK);
            client.connect(mosn.listener("tcp"), 5000);
            InputStream in = client.getInputStream();
            byte[] buf = new byte[CHUNK];
            long read = 0;
            long maxInFlight = 0;
            long maxProxyMemory = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                read += n;
                maxInFlight = Math.max(maxInFlight, written.get() - read);
                maxProxyMemory = Math.max(maxProxyMemory, metric.usedDirectMemory() + metric.usedHeapMemory() - baseline);
                // The slow reader: about 64 MB/s, far below what the backend and the proxy can do.
                LockSupport.parkNanos(1_000_000);
            }
            assertEquals(TOTAL, read);
            // In flight: the kernel's socket buffers between backend, proxy and client, plus the proxy's own.
            long socketBuffers = maxSysctl("/proc/sys/net/ipv4/tcp_rmem") + maxSysctl("/proc/sys/net/ipv4/tcp_wmem");
            long inFlightBound = socketBuffers + 16 * MIB;
            assertTrue(maxInFlight < inFlightBound, "bytes in flight peaked at " + maxInFlight / MIB
                    + " MiB, above the socket buffers plus 16 MiB (" + inFlightBound / MIB + " MiB)");
            // The allocator counts whole chunks, for every thread of the process; without backpressure the proxy
            // holds what the backend sends (188 MiB of the 256 MiB).
            assertTrue(maxProxyMemory < 24 * MIB, "proxy buffers peaked at " + maxProxyMemory / MIB + " MiB");
        }
    }

    private static long maxSysctl(String file) throws IOException {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            return 8 * MIB;
        }
        // /proc files report size 0, so read them as a stream rather than with Files.readString.
        String[] fields;
        try (InputStream in = Files.newInputStream(path)) {
            fields = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+");
        }
        return Long.parseLong(fields[fields.length - 1]);
    }

}
