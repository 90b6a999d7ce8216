package org.mosn4j.plugin.filters.flowcontrol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * Real Apache Dubbo peers around the in-process proxy: a provider of {@link Greeting} on a port of its own, and
 * a consumer calling the proxy through a direct {@code dubbo://} URL. No registry, no QoS, hessian2.
 *
 * <p>A Dubbo consumer replaces 127.0.0.1 in a direct URL with the machine's address, and a provider told to bind
 * 127.0.0.1 binds every interface; both use names the test JVM's hosts file (set in the pom) maps to 127.0.0.1.
 */
public final class DubboPeers {

    /** The proxy's address as consumers name it. */
    public static final String PROXY_HOST = "mosn4j-proxy.test";
    private static final String PROVIDER_HOST = "dubbo-provider.test";

    private DubboPeers() {
    }

    /** @return a port that was free a moment ago on 127.0.0.1 */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApplicationConfig application(String name) {
        ApplicationConfig application = new ApplicationConfig(name);
        application.setQosEnable(false);
        application.setRegisterMode("interface");
        return application;
    }

    /** A provider answering {@code greet(x)} with "NAME: hello x". */
    public static final class Provider implements AutoCloseable {

        private final DubboBootstrap bootstrap = DubboBootstrap.newInstance();
        private final int port = freePort();

        public Provider(String name) {
            ProtocolConfig protocol = new ProtocolConfig("dubbo", port);
            protocol.setHost(PROVIDER_HOST);
            protocol.setSerialization("hessian2");
            protocol.setPreferSerialization("hessian2");
            ServiceConfig<Greeting> service = new ServiceConfig<>();
            service.setInterface(Greeting.class);
            service.setRef(who -> name + ": hello " + who);
            service.setProtocol(protocol);
            bootstrap.application(application("provider-" + name))
                    .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE)).protocol(protocol).service(service).start();
        }

        /** @return {@code 127.0.0.1:port} */
        public String address() {
            return "127.0.0.1:" + port;
        }

        @Override
        public void close() {
            bootstrap.stop();
        }
    }

    /** A consumer of {@link Greeting} through the proxy. */
    public static final class Consumer implements AutoCloseable {

        private final DubboBootstrap bootstrap = DubboBootstrap.newInstance();
        private final Greeting greeting;

        /** @param proxyPort the proxy listener's port */
        public Consumer(String name, int proxyPort) {
            ReferenceConfig<Greeting> reference = new ReferenceConfig<>();
            reference.setInterface(Greeting.class);
            reference.setUrl("dubbo://" + PROXY_HOST + ":" + proxyPort
                    + "?serialization=hessian2&prefer.serialization=hessian2");
            reference.setParameters(new HashMap<>(Map.of("serialization", "hessian2", "prefer.serialization", "hessian2")));
            reference.setTimeout(5000);
            reference.setRetries(0);
            reference.setCheck(false);
            bootstrap.application(application("consumer-" + name))
                    .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE)).reference(reference).start();
            greeting = reference.get();
        }

        /** @return the service, called through the proxy */
        public Greeting greeting() {
            return greeting;
        }

        @Override
        public void close() {
            bootstrap.stop();
        }
    }
}
