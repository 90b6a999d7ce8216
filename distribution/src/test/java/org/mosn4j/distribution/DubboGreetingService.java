package org.mosn4j.distribution;

/** The service {@link DubboDistributionIT} calls through two mosn4j processes. */
public interface DubboGreetingService {

    /** @return a greeting */
    String sayHello(String name);
}
