package org.mosn4j.kernel.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.RunningMosn;

/** The admin API's safety rules: loopback unless configured otherwise, changes by POST only, no secrets shown. */
class AdminSafetyTest {

    private static final List<String> MUTATING = List.of("/api/v1/update_loglevel", "/api/v1/enable_log",
            "/api/v1/disable_log", "/api/v1/plugin/load", "/api/v1/plugin/disable", "/api/v1/plugin/enable",
            "/api/v1/plugin/unload", "/api/v1/config/update");

    private static String config(String adminAddress) {
        return """
                {
                  "servers": [{"default_log_path": "stdout", "listeners": []}],
                  "cluster_manager": {"clusters": [{"name": "c", "tls_context": {"private_key": "-----BEGIN PRIVATE KEY-----x"},
                     "hosts": [{"address": "127.0.0.1:9"}]}]},
                  "admin": {"address": {"socket_address": {%s"port_value": 0}}}
                }
                """.formatted(adminAddress);
    }

    @Test
    void anAdminBlockWithoutAnAddressListensOnLoopbackOnly() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config(""))) {
            InetAddress bound = mosn.server().adminAddress().getAddress();
            assertTrue(bound.isLoopbackAddress(), bound.toString());
        }
    }

    @Test
    void everyEndpointThatChangesSomethingRefusesGetAndNothingShowsAPrivateKey() throws Exception {
        try (RunningMosn mosn = RunningMosn.start(config("\"address\": \"127.0.0.1\", "))) {
            for (String path : MUTATING) {
                assertEquals(405, mosn.admin(path).statusCode(), path);
            }
            String dump = mosn.admin("/api/v1/config_dump").body();
            assertFalse(dump.contains("BEGIN PRIVATE KEY"), dump);
            assertTrue(dump.contains(ConfigDump.REDACTED), dump);
            String update = mosn.adminPost("/api/v1/config/update", "{\"hosts\": {\"c\": []}}").body();
            assertFalse(update.contains("BEGIN PRIVATE KEY"), "the answer to a change is redacted too: " + update);
        }
    }
}
