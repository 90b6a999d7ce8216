package org.mosn4j.plugin.filters.flowcontrol;

/** The Dubbo service the flow control and fault tolerance tests call through the proxy. */
public interface Greeting {

    /** @return a greeting naming the provider that answered */
    String greet(String name);
}
