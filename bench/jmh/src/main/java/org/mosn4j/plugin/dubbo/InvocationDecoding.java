package org.mosn4j.plugin.dubbo;

import io.netty.buffer.ByteBuf;

/**
 * Lets the benchmarks time the dubbo plugin's routing-field extraction ({@link InvocationDecoder}, which is
 * package-private) apart from framing and streams. Lives in the benchmarks module, in the plugin's package.
 */
public final class InvocationDecoding {

    private InvocationDecoding() {
    }

    /**
     * @param body a hessian2 request body; only read, the caller keeps ownership
     * @return the invocation: service path, version, method, parameter types and string attachments
     * @throws Exception the plugin's exception for a body that is not a readable Dubbo invocation
     */
    public static Object decode(ByteBuf body) throws Exception {
        return InvocationDecoder.decode(body);
    }
}
