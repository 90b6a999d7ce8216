package org.mosn4j.plugin.dubbo;

/** The service the end-to-end tests call through the proxy. */
public interface GreetingService {

    /** @return a greeting naming the provider that answered */
    String sayHello(String name);

    /** @return the person a year older */
    Person birthday(Person person);

    /** Answers only when the test lets it, to run into the proxy's route timeout. */
    String slow(String name);

    /** Called one-way: the consumer sends it and waits for nothing. */
    void notify(String event);

    /** @return the address the call came from, as the provider saw it (the proxy's upstream connection) */
    String caller();
}
