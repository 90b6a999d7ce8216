package org.mosn4j.kernel.upstream.health;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One kind of health check (a TCP connect, an HTTP request). Stateless: one instance serves every host of a
 * cluster, each call makes its own connection and closes it when done.
 */
interface HealthCheck {

    /**
     * Starts one check of a host. Called on {@code loop}; never blocks.
     *
     * @param address the host's address
     * @param loop the event loop the check's connection runs on
     * @param timeout how long the check may take; the caller also enforces it
     * @param done told the outcome, on {@code loop}, at most once
     * @return the check's connection; closing it abandons the check ({@code done} may still be told a failure)
     */
    Channel start(InetSocketAddress address, EventLoop loop, Duration timeout, Consumer<CheckResult> done);
}
