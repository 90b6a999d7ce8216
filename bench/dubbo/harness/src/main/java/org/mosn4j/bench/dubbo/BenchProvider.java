package org.mosn4j.bench.dubbo;

import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * An Apache Dubbo provider of {@link EchoService} on one port, with Dubbo's default thread pool, until the
 * process is stopped.
 *
 * <pre>java -cp ... org.mosn4j.bench.dubbo.BenchProvider HOST PORT</pre>
 *
 * <p>HOST should be a name that the hosts file maps to 127.0.0.1 (see {@code bench/dubbo/run.sh}): a provider told
 * to bind 127.0.0.1 binds every interface.
 */
public final class BenchProvider {

    private BenchProvider() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: BenchProvider HOST PORT");
            System.exit(2);
        }
        ProtocolConfig protocol = new ProtocolConfig("dubbo", Integer.parseInt(args[1]));
        protocol.setHost(args[0]);
        protocol.setSerialization(Applications.SERIALIZATION);
        protocol.setPreferSerialization(Applications.SERIALIZATION);
        ServiceConfig<EchoService> service = new ServiceConfig<>();
        service.setInterface(EchoService.class);
        service.setRef(message -> message);
        service.setProtocol(protocol);
        DubboBootstrap bootstrap = DubboBootstrap.newInstance();
        bootstrap.application(Applications.application("mosn4j-bench-provider"))
                .registry(Applications.noRegistry())
                .protocol(protocol)
                .service(service)
                .start();
        System.out.println("bench provider: exported on " + args[0] + ":" + args[1]);
        bootstrap.await();
    }
}
