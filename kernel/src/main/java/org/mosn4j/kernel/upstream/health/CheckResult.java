package org.mosn4j.kernel.upstream.health;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;

/**
 * The outcome of one health check of one host.
 *
 * @param passed whether the host passed
 * @param reason what happened, for log lines: {@code "status 200"}, {@code "connection refused"},
 *               {@code "timed out after 1s"}
 */
record CheckResult(boolean passed, String reason) {

    static CheckResult pass(String reason) {
        return new CheckResult(true, reason);
    }

    static CheckResult fail(String reason) {
        return new CheckResult(false, reason);
    }

    /** @return a failure that says why {@code cause} happened, in a few words */
    static CheckResult fail(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof ConnectTimeoutException) {
            return fail("connect timed out");
        }
        if (cause instanceof ConnectException && message.contains("refused")) {
            return fail("connection refused");
        }
        return fail(cause.getMessage() == null ? cause.getClass().getSimpleName() : message);
    }
}
