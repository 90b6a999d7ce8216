package org.mosn4j.distribution;

import com.alibaba.com.caucho.hessian.io.Hessian2Input;
import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Dubbo 2 frames with hessian2 bodies, written and read by hand on raw sockets, for the distribution tests that
 * talk Dubbo without a Dubbo consumer or provider.
 */
final class DubboWire {

    /** The response status of a call that was answered. */
    static final int OK = 20;
    /** Flags of a two-way hessian2 request. */
    static final int TWO_WAY_REQUEST = 0x80 | 0x40 | 2;
    /** Flags of a hessian2 response. */
    static final int RESPONSE = 2;

    /** One frame. */
    record Frame(int flags, int status, long id, byte[] body) {
    }

    interface HessianWriter {
        void write(Hessian2Output out) throws IOException;
    }

    private DubboWire() {
    }

    static byte[] frame(int flags, int status, long id, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0xdabb);
        out.writeByte(flags);
        out.writeByte(status);
        out.writeLong(id);
        out.writeInt(body.length);
        out.write(body);
        return bytes.toByteArray();
    }

    /** @return the next frame; fails when the bytes are not one */
    static Frame read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic = data.readUnsignedShort();
        if (magic != 0xdabb) {
            throw new IOException(String.format("not a Dubbo frame: magic 0x%04x", magic));
        }
        int flags = data.readUnsignedByte();
        int status = data.readUnsignedByte();
        long id = data.readLong();
        byte[] body = new byte[data.readInt()];
        data.readFully(body);
        return new Frame(flags, status, id, body);
    }

    static byte[] hessian(HessianWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Hessian2Output out = new Hessian2Output(bytes);
        writer.write(out);
        out.flushBuffer();
        return bytes.toByteArray();
    }

    /** @return a two-way hessian2 call of {@code service.method(String "mosn")} with attachments */
    static byte[] call(long id, String service, String method, Map<String, String> attachments) throws IOException {
        Map<String, String> all = new HashMap<>(attachments);
        all.put("interface", service);
        all.put("path", service);
        return frame(TWO_WAY_REQUEST, 0, id, hessian(out -> {
            out.writeString("2.0.2");
            out.writeString(service);
            out.writeString("1.0.0");
            out.writeString(method);
            out.writeString("Ljava/lang/String;");
            out.writeString("mosn");
            out.writeObject(all);
        }));
    }

    /** @return a provider's answer to call {@code id}: the value {@code value} */
    static byte[] valueResponse(long id, String value) throws IOException {
        return frame(RESPONSE, OK, id, hessian(out -> {
            out.writeInt(1);
            out.writeString(value);
        }));
    }

    /** @return the string a body starts with (an error message) */
    static String readString(byte[] body) throws IOException {
        return new Hessian2Input(new ByteArrayInputStream(body)).readString();
    }

    /** @return the value of an answered call's body ({@link #valueResponse}) */
    static String readValue(byte[] body) throws IOException {
        Hessian2Input in = new Hessian2Input(new ByteArrayInputStream(body));
        in.readInt();
        return in.readString();
    }
}
