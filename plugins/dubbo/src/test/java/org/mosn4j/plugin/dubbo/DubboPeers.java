package org.mosn4j.plugin.dubbo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.MethodConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * Real Apache Dubbo peers for the end-to-end tests: providers exporting services on ports of their own, and
 * consumers calling a direct {@code dubbo://} URL. No registry, no QoS, hessian2 everywhere.
 *
 * <p>Hosts: a Dubbo consumer replaces 127.0.0.1 in a direct URL with the machine's network address and a
 * provider told to bind 127.0.0.1 binds every interface, so both use names that the test JVM's hosts file
 * ({@code jdk.net.hosts.file}, set in the pom) maps to 127.0.0.1.
 */
final class DubboPeers {

    /** The proxy's address as consumers name it. */
    static final String PROXY_HOST = "mosn4j-proxy.test";
    /** The address providers bind. */
    static final String PROVIDER_HOST = "dubbo-provider.test";
    private static final Map<String, String> HESSIAN2 = Map.of("serialization", "hessian2",
            "prefer.serialization", "hessian2");

    private DubboPeers() {
    }

    /** @return a port that was free a moment ago on 127.0.0.1 */
    static int freePort() {
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

    /** A provider application; add services, then {@link #start()}. */
    static final class Provider implements AutoCloseable {

        private final DubboBootstrap bootstrap = DubboBootstrap.newInstance();
        private final Map<Integer, ProtocolConfig> sharedPorts = new HashMap<>();

        Provider(String name) {
            bootstrap.application(application(name)).registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE));
        }

        /**
         * Exports {@code service} on a port of its own.
         *
         * @param customizer sets group, version, and so on
         * @return the port
         */
        <T> int export(Class<T> type, T service, Consumer<ServiceConfig<T>> customizer) {
            int port = freePort();
            ProtocolConfig protocol = new ProtocolConfig("dubbo", port);
            protocol.setId("dubbo-" + port);
            protocol.setHost(PROVIDER_HOST);
            protocol.setSerialization("hessian2");
            protocol.setPreferSerialization("hessian2");
            ServiceConfig<T> config = new ServiceConfig<>();
            config.setInterface(type);
            config.setRef(service);
            config.setProtocol(protocol);
            customizer.accept(config);
            bootstrap.protocol(protocol);
            bootstrap.service(config);
            return port;
        }

        /**
         * Exports {@code service} on {@code port}, next to the other services exported there with this method.
         * The port's threads take requests from a queue of 10,000, so that a burst of calls is not rejected.
         *
         * @param customizer sets group, version, and so on
         */
        <T> void exportOn(int port, Class<T> type, T service, Consumer<ServiceConfig<T>> customizer) {
            ProtocolConfig protocol = sharedPorts.computeIfAbsent(port, p -> {
                ProtocolConfig shared = new ProtocolConfig("dubbo", p);
                shared.setId("dubbo-shared-" + p);
                shared.setHost(PROVIDER_HOST);
                shared.setSerialization("hessian2");
                shared.setPreferSerialization("hessian2");
                shared.setQueues(10_000);
                bootstrap.protocol(shared);
                return shared;
            });
            ServiceConfig<T> config = new ServiceConfig<>();
            config.setInterface(type);
            config.setRef(service);
            config.setProtocol(protocol);
            customizer.accept(config);
            bootstrap.service(config);
        }

        /**
         * Sets how long stopping waits for calls in flight ({@code dubbo.service.shutdown.wait}, 10 s by default,
         * a third of which each export waits out on its own) for this provider alone.
         */
        Provider shutdownWait(Duration wait) {
            bootstrap.getApplicationModel().modelEnvironment().updateAppExternalConfigMap(
                    Map.of("dubbo.service.shutdown.wait", Long.toString(wait.toMillis())));
            return this;
        }

        Provider start() {
            bootstrap.start();
            return this;
        }

        @Override
        public void close() {
            bootstrap.stop();
        }
    }

    /** A consumer application calling through a direct URL. */
    static final class Client implements AutoCloseable {

        private final DubboBootstrap bootstrap = DubboBootstrap.newInstance();
        private boolean started;

        Client(String name) {
            bootstrap.application(application(name)).registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE));
        }

        /**
         * @param port the proxy's port
         * @param customizer sets group, version, method configs, and so on
         * @return a proxy calling {@code type} through {@code dubbo://mosn4j-proxy.test:port}
         */
        <T> T reference(Class<T> type, int port, Consumer<ReferenceConfig<T>> customizer) {
            ReferenceConfig<T> reference = new ReferenceConfig<>();
            reference.setInterface(type);
            reference.setUrl("dubbo://" + PROXY_HOST + ":" + port + "?serialization=hessian2&prefer.serialization=hessian2");
            reference.setParameters(new HashMap<>(HESSIAN2));
            reference.setTimeout(5000);
            reference.setRetries(0);
            reference.setCheck(false);
            customizer.accept(reference);
            bootstrap.reference(reference);
            if (!started) {
                bootstrap.start();
                started = true;
            }
            return reference.get();
        }

        @Override
        public void close() {
            bootstrap.stop();
        }
    }

    /** @return a method config that makes {@code method} one-way */
    static MethodConfig oneWay(String method) {
        MethodConfig config = new MethodConfig();
        config.setName(method);
        config.setReturn(false);
        return config;
    }
}
