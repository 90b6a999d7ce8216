package org.mosn4j.bench.dubbo;

/** The benchmark's service: one small call with a small answer. */
public interface EchoService {

    /** @return {@code message} */
    String echo(String message);
}
