package org.mosn4j.plugin.dubbo;

import java.util.concurrent.CompletableFuture;

/** The service the acceptance tests call through the proxy: each method exercises one kind of call. */
public interface ProbeService {

    /** @return a greeting naming the provider that answered */
    String hello(String name);

    /** @return the greeting, completed on another thread of the provider (an asynchronous method) */
    CompletableFuture<String> helloAsync(String name);

    /** @return the greeting, written by the provider through its {@code AsyncContext} from another thread */
    String helloLater(String name);

    /**
     * Waits for the count of calls set with {@link Probe#expectGather}, then answers them all, the last to
     * arrive first.
     *
     * @return {@code index}
     */
    CompletableFuture<Integer> gather(int index);

    /** @return the SHA-256 of {@code data} in hex, as the provider received it */
    String sha256(byte[] data);

    /** @return {@code size} bytes of {@link java.util.SplittableRandom} seeded with {@code seed} */
    byte[] blob(int size, long seed);

    /** Always throws the checked exception, with {@code reason} in its message. */
    String refuse(String reason) throws ProbeRefusedException;

    /** Always throws an {@link IllegalStateException}, with {@code reason} in its message. */
    String fail(String reason);

    /** Never answers; the provider reports each call in {@link Probe#held}. */
    CompletableFuture<String> hold(String name);
}
