package org.mosn4j.plugin.dubbo;

import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Adds string attachments to a hessian2 request body without decoding it again. The attachments map is the
 * body's last value, and a hessian2 map ends with {@code 'Z'}: the new entries go just before that byte (a key
 * written twice takes its last value when the provider reads the map). A body whose attachments are null
 * ({@code 'N'}) gets a new untyped map instead.
 *
 * <p>Stateless and thread-safe.
 */
final class AttachmentWriter {

    private static final int MAP_END = 'Z';
    private static final int NULL = 'N';
    private static final int UNTYPED_MAP = 'H';

    private AttachmentWriter() {
    }

    /**
     * @param body a hessian2 request body; ownership passes here
     * @param attachments entries to add or replace
     * @param alloc for the new body
     * @return the body with the entries (a new buffer), or {@code body} itself when there is nothing to add or
     *         it does not end with an attachments map (which a request that was routed always does)
     */
    static ByteBuf append(ByteBuf body, Map<String, String> attachments, ByteBufAllocator alloc) {
        int last = body.isReadable() ? body.getUnsignedByte(body.writerIndex() - 1) : -1;
        if (attachments.isEmpty() || last != MAP_END && last != NULL) {
            return body;
        }
        ByteBuf out = alloc.buffer(body.readableBytes() + 64 * attachments.size());
        boolean written = false;
        try {
            out.writeBytes(body, body.readerIndex(), body.readableBytes() - 1);
            if (last == NULL) {
                out.writeByte(UNTYPED_MAP);
            }
            Hessian2Output hessian = new Hessian2Output(new ByteBufOutputStream(out));
            for (Map.Entry<String, String> entry : attachments.entrySet()) {
                hessian.writeString(entry.getKey());
                hessian.writeString(entry.getValue());
            }
            hessian.flushBuffer();
            out.writeByte(MAP_END);
            written = true;
        } catch (IOException e) {
            throw new IllegalStateException("writing to a buffer failed", e);
        } finally {
            if (!written) {
                out.release();
            }
        }
        body.release();
        return out;
    }
}
