package org.mosn4j.plugin.dubbo;

import java.util.Map;

/**
 * What the proxy reads from a Dubbo request body for routing: everything but the arguments, which it skips.
 *
 * @param dubboVersion the protocol version the consumer speaks, such as {@code 2.0.2}
 * @param path the service path (usually the interface name)
 * @param version the service version, or null
 * @param method the method name
 * @param parameterTypes the JVM descriptor of the parameter types, such as {@code Ljava/lang/String;I}
 * @param attachments the attachments whose values are strings, in the order sent
 */
record Invocation(String dubboVersion, String path, String version, String method, String parameterTypes,
        Map<String, String> attachments) {
}
