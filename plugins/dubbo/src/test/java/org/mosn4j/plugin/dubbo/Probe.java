package org.mosn4j.plugin.dubbo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.dubbo.rpc.AsyncContext;
import org.apache.dubbo.rpc.RpcContext;

/** A {@link ProbeService} that names itself in what it returns and records what reached it. */
final class Probe implements ProbeService {

    final String name;
    /** The remote addresses {@link #gather} calls came from: the proxy's upstream connections. */
    final Set<String> gatherCallers = ConcurrentHashMap.newKeySet();
    /** The names of {@link #hold} calls, as they arrive. */
    final BlockingQueue<String> held = new LinkedBlockingQueue<>();
    private final List<Gathered> gathered = new ArrayList<>();
    private int gatherCount;

    Probe(String name) {
        this.name = name;
    }

    private record Gathered(int index, CompletableFuture<Integer> result) {
    }

    /** Makes the next {@code count} {@link #gather} calls wait for each other. */
    synchronized void expectGather(int count) {
        gathered.clear();
        gatherCount = count;
    }

    @Override
    public String hello(String who) {
        return name + ": hello " + who;
    }

    @Override
    public CompletableFuture<String> helloAsync(String who) {
        return CompletableFuture.supplyAsync(() -> hello(who));
    }

    @Override
    public String helloLater(String who) {
        AsyncContext async = RpcContext.startAsync();
        CompletableFuture.runAsync(() -> {
            async.signalContextSwitch();
            async.write(hello(who));
        });
        return null;
    }

    @Override
    public CompletableFuture<Integer> gather(int index) {
        gatherCallers.add(RpcContext.getServiceContext().getRemoteAddressString());
        CompletableFuture<Integer> result = new CompletableFuture<>();
        List<Gathered> all;
        synchronized (this) {
            gathered.add(new Gathered(index, result));
            if (gathered.size() < gatherCount) {
                return result;
            }
            all = new ArrayList<>(gathered);
            gathered.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).result().complete(all.get(i).index());
        }
        return result;
    }

    @Override
    public String sha256(byte[] data) {
        return digest(data);
    }

    @Override
    public byte[] blob(int size, long seed) {
        return bytes(size, seed);
    }

    @Override
    public String refuse(String reason) throws ProbeRefusedException {
        throw new ProbeRefusedException(name + " refuses: " + reason);
    }

    @Override
    public String fail(String reason) {
        throw new IllegalStateException(name + " failed: " + reason);
    }

    @Override
    public CompletableFuture<String> hold(String who) {
        held.add(who);
        return new CompletableFuture<>();
    }

    /** @return the SHA-256 of {@code data} in hex */
    static String digest(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return {@code size} bytes of {@link SplittableRandom} seeded with {@code seed} */
    static byte[] bytes(int size, long seed) {
        byte[] out = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }
}
