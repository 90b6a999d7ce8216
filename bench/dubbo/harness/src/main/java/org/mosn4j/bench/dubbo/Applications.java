package org.mosn4j.bench.dubbo;

import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.RegistryConfig;

/** The Dubbo settings both peers share: no registry, no QoS port, hessian2. */
final class Applications {

    /** The serialization both peers use, the one the proxy routes. */
    static final String SERIALIZATION = "hessian2";

    private Applications() {
    }

    /** @return an application that registers nothing and opens no QoS port */
    static ApplicationConfig application(String name) {
        ApplicationConfig application = new ApplicationConfig(name);
        application.setQosEnable(false);
        application.setRegisterMode("interface");
        return application;
    }

    /** @return the "N/A" registry: direct URLs only */
    static RegistryConfig noRegistry() {
        return new RegistryConfig(RegistryConfig.NO_AVAILABLE);
    }
}
