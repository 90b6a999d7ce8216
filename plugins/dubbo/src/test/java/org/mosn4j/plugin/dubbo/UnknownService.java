package org.mosn4j.plugin.dubbo;

/** A service no route leads to. */
public interface UnknownService {

    String ping();
}
