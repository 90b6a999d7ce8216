package org.mosn4j.kernel.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.kernel.Version;

class AdminApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            {
              "servers": [{
                "default_log_path": "stdout",
                "default_log_level": "INFO",
                "routers": [{"router_config_name": "r1", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                   "routers": [{"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": "hi"}}]}]}],
                "listeners": [{
                  "name": "plain",
                  "address": "127.0.0.1:0",
                  "filter_chains": [{
                    "tls_context": {"status": false, "cert_chain": "CERT", "private_key": "-----BEGIN PRIVATE KEY-----secret"},
                    "filters": [{"type": "connection_manager", "config": {"router_config_name": "cm", "virtual_hosts": []}}]
                  }],
                  "some_future_key": {"kept": true}
                }]
              }],
              "cluster_manager": {"clusters": [
                {"Name": "c1", "type": "STATIC", "lb_type": "LB_RANDOM",
                 "tls_context": {"private_key": "/etc/keys/c1.key"},
                 "hosts": [{"address": "127.0.0.1:9"}]}
              ]},
              "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 0}}}
            }
            """;

    private static RunningMosn mosn;

    @BeforeAll
    static void start() throws Exception {
        mosn = RunningMosn.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        mosn.close();
    }

    @Test
    void versionNamesTheBuild() {
        HttpResponse<String> response = mosn.admin("/api/v1/version");
        assertEquals(200, response.statusCode());
        assertEquals("mosn4j version: " + Version.get(), response.body());
    }

    @Test
    void helpListsEveryPath() {
        String help = mosn.admin("/").body();
        assertTrue(help.startsWith("supported APIs:\n"), help);
        for (String path : new String[] {"/api/v1/config_dump", "/api/v1/stats", "/api/v1/states", "/api/v1/version",
                "/api/v1/get_loglevel", "/api/v1/update_loglevel", "/api/v1/enable_log", "/api/v1/disable_log",
                "/api/v1/features", "/api/v1/env"}) {
            assertTrue(help.contains(path + "\n"), path);
        }
        assertEquals(404, mosn.admin("/api/v1/nothing").statusCode());
    }

    @Test
    void configDumpHasMosnLayoutKeepsUnknownKeysAndRedactsPrivateKeys() throws Exception {
        HttpResponse<String> response = mosn.admin("/api/v1/config_dump");
        assertEquals(200, response.statusCode());
        assertFalse(response.body().contains("secret"), response.body());
        assertFalse(response.body().contains("c1.key"), response.body());
        JsonNode dump = JSON.readTree(response.body());
        assertEquals("***REDACTED***", dump.at("/listener/plain/filter_chains/0/tls_context/private_key").asText());
        assertEquals("CERT", dump.at("/listener/plain/filter_chains/0/tls_context/cert_chain").asText());
        assertEquals("***REDACTED***", dump.at("/cluster/c1/tls_context/private_key").asText());
        assertTrue(dump.at("/listener/plain/some_future_key/kept").asBoolean());
        assertEquals("hi", dump.at("/routers/r1/virtual_hosts/0/routers/0/direct_response/body").asText());
        assertTrue(dump.at("/mosn_config/servers/0/listeners").isMissingNode(), "listeners are dumped under listener");
        assertEquals(0, dump.at("/mosn_config/admin/address/socket_address/port_value").asInt());
    }

    @Test
    void configDumpQueryForms() throws Exception {
        assertEquals("INFO", JSON.readTree(mosn.admin("/api/v1/config_dump?mosnconfig").body())
                .at("/servers/0/default_log_level").asText());
        assertTrue(JSON.readTree(mosn.admin("/api/v1/config_dump?alllisteners").body()).has("plain"));
        assertTrue(JSON.readTree(mosn.admin("/api/v1/config_dump?allclusters").body()).has("c1"));
        assertTrue(JSON.readTree(mosn.admin("/api/v1/config_dump?allrouters").body()).has("r1"));
        assertEquals("plain", JSON.readTree(mosn.admin("/api/v1/config_dump?listener=plain").body()).get("name").asText());
        assertEquals("LB_RANDOM", JSON.readTree(mosn.admin("/api/v1/config_dump?cluster=c1").body()).get("lb_type").asText());
        assertEquals("r1", JSON.readTree(mosn.admin("/api/v1/config_dump?router=r1").body())
                .get("router_config_name").asText());
        assertEquals(404, mosn.admin("/api/v1/config_dump?cluster=nope").statusCode());
        HttpResponse<String> two = mosn.admin("/api/v1/config_dump?mosnconfig&allclusters");
        assertEquals(400, two.statusCode());
        assertEquals("only support one parameter", two.body());
        assertEquals(400, mosn.admin("/api/v1/config_dump?bogus").statusCode());
        assertEquals(405, mosn.adminPost("/api/v1/config_dump", "").statusCode());
    }

    @Test
    void statsHaveMosnLayoutAndFilterByKey() throws Exception {
        JsonNode stats = JSON.readTree(mosn.admin("/api/v1/stats").body());
        assertEquals("0", stats.at("/downstream/listener.plain/connection_total").asText());
        assertEquals("0", stats.at("/upstream/cluster.c1/connection_con_fail").asText());
        assertTrue(stats.at("/upstream").has("cluster.c1.host.127.0.0.1:9"));
        JsonNode one = JSON.readTree(mosn.admin("/api/v1/stats?key=upstream.cluster.c1").body());
        assertEquals(1, one.size());
        assertEquals(1, one.get("upstream").size());
        HttpResponse<String> missing = mosn.admin("/api/v1/stats?key=downstream.listener.nope");
        assertEquals(404, missing.statusCode());
        assertEquals("no metrics key: downstream.listener.nope", missing.body());
        assertEquals(405, mosn.adminPost("/api/v1/stats", "").statusCode());
    }

    @Test
    void statesReportsPidAndRunning() {
        assertEquals("pid=" + ProcessHandle.current().pid() + "&state=6\n", mosn.admin("/api/v1/states").body());
    }

    @Test
    void logLevelsCanBeReadChangedAndToggled() throws Exception {
        assertEquals("INFO", JSON.readTree(mosn.admin("/api/v1/get_loglevel").body()).get("stdout").asText());
        assertEquals(405, mosn.admin("/api/v1/update_loglevel").statusCode());
        HttpResponse<String> update = mosn.adminPost("/api/v1/update_loglevel",
                "{\"log_path\": \"org.mosn4j.kernel.network\", \"log_level\": \"DEBUG\"}");
        assertEquals(200, update.statusCode());
        assertEquals("update logger success\n", update.body());
        assertEquals("DEBUG", JSON.readTree(mosn.admin("/api/v1/get_loglevel").body())
                .get("org.mosn4j.kernel.network").asText());
        assertEquals(400, mosn.adminPost("/api/v1/update_loglevel", "{\"log_path\": \"stdout\", \"log_level\": \"LOUD\"}")
                .statusCode());
        assertEquals(400, mosn.adminPost("/api/v1/update_loglevel", "not json").statusCode());

        assertEquals("disable logger success\n", mosn.adminPost("/api/v1/disable_log", "org.mosn4j.kernel.network").body());
        assertEquals("OFF", JSON.readTree(mosn.admin("/api/v1/get_loglevel").body()).get("org.mosn4j.kernel.network").asText());
        assertEquals("enable logger success\n", mosn.adminPost("/api/v1/enable_log", "org.mosn4j.kernel.network").body());
        assertEquals("DEBUG", JSON.readTree(mosn.admin("/api/v1/get_loglevel").body())
                .get("org.mosn4j.kernel.network").asText());
        assertEquals(400, mosn.adminPost("/api/v1/enable_log", "").statusCode());
        assertEquals(200, mosn.adminPost("/api/v1/update_loglevel",
                "{\"log_path\": \"org.mosn4j.kernel.network\", \"log_level\": \"INFO\"}").statusCode());
    }

    @Test
    void featuresAndEnv() throws Exception {
        JsonNode features = JSON.readTree(mosn.admin("/api/v1/features").body());
        assertTrue(features.get("transport.epoll").asBoolean() != features.get("transport.nio").asBoolean());
        assertEquals(features.get("transport.epoll").asText(), mosn.admin("/api/v1/features?key=transport.epoll").body());
        JsonNode env = JSON.readTree(mosn.admin("/api/v1/env?key=PATH&key=MOSN4J_SURELY_UNSET").body());
        assertEquals(System.getenv("PATH"), env.at("/env/PATH").asText());
        assertEquals("MOSN4J_SURELY_UNSET", env.at("/not_found/0").asText());
        assertEquals(400, mosn.admin("/api/v1/env").statusCode());
    }
}
