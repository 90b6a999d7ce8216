package org.mosn4j.kernel.proxy;

import org.mosn4j.spi.stream.StreamFilterChain;
import org.mosn4j.spi.stream.StreamFilterInstaller;

/**
 * A configured stream filter's installer that knows the type string it was configured under, so the proxy can
 * name the filter when it fails. An installer that is not one is named by its class instead.
 */
public interface TypedStreamFilterInstaller extends StreamFilterInstaller {

    /** @return the filter's {@code stream_filters[].type} */
    String type();

    /**
     * @param type the filter's {@code stream_filters[].type}
     * @param installer what its factory's {@code configure} returned
     * @return the installer, naming its type; thread-safe when {@code installer} is
     */
    static TypedStreamFilterInstaller of(String type, StreamFilterInstaller installer) {
        return new TypedStreamFilterInstaller() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public void install(StreamFilterChain chain) {
                installer.install(chain);
            }
        };
    }

    /**
     * @return the type of {@code installer}, or for another installer the name of its class (a lambda's without
     *         its generated suffix, which names the factory that made it)
     */
    static String typeOf(StreamFilterInstaller installer) {
        if (installer instanceof TypedStreamFilterInstaller typed) {
            return typed.type();
        }
        String name = installer.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        return lambda > 0 ? name.substring(0, lambda) : name;
    }
}
