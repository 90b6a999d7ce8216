package org.mosn4j.plugin.dubbo;

import com.alibaba.com.caucho.hessian.io.Hessian2Input;
import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Dubbo frames for tests, written the way Dubbo's codec writes them, and readers for what a codec wrote. */
final class DubboFrames {

    static final int TWO_WAY_REQUEST = 0x80 | 0x40 | 2;
    static final int ONE_WAY_REQUEST = 0x80 | 2;
    static final int HEARTBEAT_REQUEST = 0x80 | 0x40 | 0x20 | 2;

    private DubboFrames() {
    }

    /** @return a hessian2 invocation body */
    static byte[] invocation(String service, String version, String method, String parameterTypes, Object[] arguments,
            Map<String, ?> attachments) {
        return hessian(out -> {
            out.writeString("2.0.2");
            out.writeString(service);
            out.writeString(version);
            out.writeString(method);
            out.writeString(parameterTypes);
            for (Object argument : arguments) {
                out.writeObject(argument);
            }
            out.writeObject(attachments);
        });
    }

    /** @return a sayHello(String) call on GreetingService with group and interface attachments */
    static byte[] sayHello(String name) {
        return invocation("org.example.GreetingService", "1.0.0", "sayHello", "Ljava/lang/String;",
                new Object[] {name}, Map.of("interface", "org.example.GreetingService", "group", "blue",
                        "path", "org.example.GreetingService", "timeout", "3000"));
    }

    /** @return a whole frame, header then body */
    static byte[] frame(int flags, int status, long id, byte[] body) {
        ByteBuf out = Unpooled.buffer(16 + body.length);
        out.writeShort(0xdabb).writeByte(flags).writeByte(status).writeLong(id).writeInt(body.length).writeBytes(body);
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        return bytes;
    }

    static byte[] request(long id, byte[] body) {
        return frame(TWO_WAY_REQUEST, 0, id, body);
    }

    static byte[] response(long id, int status, byte[] body) {
        return frame(2, status, id, body);
    }

    /** @return a heartbeat request, its data a hessian2 null */
    static byte[] heartbeat(long id) {
        return frame(HEARTBEAT_REQUEST, 0, id, new byte[] {'N'});
    }

    /** @return a hessian2 value result, as a provider answers a call */
    static byte[] valueResult(String value) {
        return hessian(out -> {
            out.writeInt(1);
            out.writeString(value);
        });
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** @return the first hessian2 string in {@code body} */
    static String readString(byte[] body) {
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        try {
            return new Hessian2Input(new ByteBufInputStream(buf)).readString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            buf.release();
        }
    }

    /** A frame read back from bytes a codec wrote. */
    record Written(int flags, int status, long id, byte[] body) {

        /** Reads frames from {@code bytes}, which must hold only whole frames; releases it. */
        static java.util.List<Written> all(ByteBuf bytes) {
            java.util.List<Written> out = new java.util.ArrayList<>();
            try {
                while (bytes.isReadable()) {
                    if (bytes.readUnsignedShort() != 0xdabb) {
                        throw new AssertionError("bad magic in written bytes");
                    }
                    int flags = bytes.readUnsignedByte();
                    int status = bytes.readUnsignedByte();
                    long id = bytes.readLong();
                    byte[] body = new byte[bytes.readInt()];
                    bytes.readBytes(body);
                    out.add(new Written(flags, status, id, body));
                }
                return out;
            } finally {
                bytes.release();
            }
        }

        String errorMessage() {
            return readString(body);
        }
    }

    private interface HessianWriter {
        void write(Hessian2Output out) throws IOException;
    }

    private static byte[] hessian(HessianWriter writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Hessian2Output out = new Hessian2Output(bytes);
        try {
            writer.write(out);
            out.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
