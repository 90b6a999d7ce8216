package org.mosn4j.kernel.config;

import java.time.Duration;

/**
 * The parts of one {@code hash_policy} entry, MOSN's shapes: {@code {"header": {"key": "x-user"}}},
 * {@code {"cookie": {"name": "sid", "path": "/", "ttl": "0s"}}} or {@code {"source_ip": {}}}. The router reads
 * which kind an entry is and binds that part.
 */
public final class HashPolicyConfig {

    private HashPolicyConfig() {
    }

    /** Hash by a request header's value. */
    public record Header(String key) {
    }

    /**
     * Hash by a request cookie's value. {@code path} and {@code ttl} describe the cookie Envoy would generate when
     * the request has none; mosn4j generates none, so they are accepted and unused.
     */
    public record Cookie(String name, String path, Duration ttl) {
    }
}
