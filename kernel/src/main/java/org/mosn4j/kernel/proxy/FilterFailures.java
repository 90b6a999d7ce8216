package org.mosn4j.kernel.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;

/** What the filter guards do with what a failed filter threw and held. */
final class FilterFailures {

    private FilterFailures() {
    }

    /**
     * @return {@code failure}, unless the JVM itself is failing (out of memory, stack overflow), which no
     *         stream can recover from: that is thrown on
     */
    static Throwable rethrowFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        return failure;
    }

    /** Releases a chunk the failed filter neither released nor passed on; it cannot be trusted with it. */
    static void releaseIfAlive(ByteBuf data) {
        if (data.refCnt() > 0) {
            ReferenceCountUtil.safeRelease(data);
        }
    }
}
