package org.mosn4j.plugin.dubbo;

import com.alibaba.com.caucho.hessian.io.Hessian2Input;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the routing fields of a hessian2 request body: the Dubbo version, service path, service version,
 * method name and parameter types, then steps over the arguments (read as plain maps and lists, see
 * {@link OpaqueSerializerFactory}) to the attachments. The body itself is not changed or consumed.
 *
 * <p>Stateless and thread-safe.
 */
final class InvocationDecoder {

    private InvocationDecoder() {
    }

    /**
     * @param body a request body in hessian2; only read, through a duplicate: the caller keeps ownership
     * @return the invocation
     * @throws InvalidBodyException when the body is not a readable Dubbo invocation
     */
    static Invocation decode(ByteBuf body) throws InvalidBodyException {
        Hessian2Input in = new Hessian2Input(new ByteBufInputStream(body.duplicate()));
        in.setSerializerFactory(OpaqueSerializerFactory.INSTANCE);
        try {
            String dubboVersion = in.readString();
            String path = in.readString();
            String version = in.readString();
            String method = in.readString();
            String parameterTypes = in.readString();
            if (path == null || path.isEmpty() || method == null || method.isEmpty()) {
                throw new InvalidBodyException("the request names no " + (path == null || path.isEmpty()
                        ? "service path" : "method"));
            }
            int arguments = countParameters(parameterTypes == null ? "" : parameterTypes);
            for (int i = 0; i < arguments; i++) {
                in.readObject();
            }
            return new Invocation(dubboVersion, path, version, method, parameterTypes, readAttachments(in));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new InvalidBodyException("cannot read the hessian2 request body: " + e, e);
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // Closing only drops references to the duplicate.
            }
        }
    }

    /**
     * @return the string-valued attachments. Every Dubbo 2 consumer writes the map (possibly empty), so a body
     *     that ends before it was cut short, even when a truncated argument read without error
     */
    private static Map<String, String> readAttachments(Hessian2Input in) throws IOException {
        Object value = in.readObject();
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IOException("expected the attachments map after the arguments, found " + value.getClass().getName());
        }
        Map<String, String> out = new LinkedHashMap<>(map.size() * 2);
        map.forEach((k, v) -> {
            if (k instanceof String key && v instanceof String text) {
                out.put(key, text);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * Counts the types in a JVM method parameter descriptor ({@code Ljava/lang/String;[IJ} has three).
     *
     * @throws IOException when the descriptor is malformed
     */
    static int countParameters(String descriptor) throws IOException {
        int count = 0;
        int i = 0;
        while (i < descriptor.length()) {
            char c = descriptor.charAt(i);
            while (c == '[') {
                if (++i == descriptor.length()) {
                    throw new IOException("malformed parameter types \"" + descriptor + "\"");
                }
                c = descriptor.charAt(i);
            }
            if (c == 'L') {
                int end = descriptor.indexOf(';', i);
                if (end < 0) {
                    throw new IOException("malformed parameter types \"" + descriptor + "\"");
                }
                i = end + 1;
            } else if ("ZBCDFIJS".indexOf(c) >= 0) {
                i++;
            } else {
                throw new IOException("malformed parameter types \"" + descriptor + "\"");
            }
            count++;
        }
        return count;
    }
}
