package org.mosn4j.plugin.dubbo;

import com.alibaba.com.caucho.hessian.io.Deserializer;
import com.alibaba.com.caucho.hessian.io.SerializerFactory;

/**
 * A hessian-lite serializer factory that never loads a class named by the bytes it reads: every typed object
 * is read as a map and every typed list as a list. The proxy reads call arguments only to step over them, so
 * it needs no application classes, and a consumer cannot make it instantiate any.
 *
 * <p>Thread-safe: it keeps no state beyond what its base class caches for JDK types.
 */
final class OpaqueSerializerFactory extends SerializerFactory {

    /** The shared instance. */
    static final OpaqueSerializerFactory INSTANCE = new OpaqueSerializerFactory();

    private OpaqueSerializerFactory() {
        super(OpaqueSerializerFactory.class.getClassLoader());
    }

    /** @return null, so that the caller falls back to a map or list */
    @Override
    public Deserializer getDeserializer(String type) {
        return null;
    }
}
