package org.mosn4j.plugin.filters.ipaccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.mosn4j.kernel.RunningMosn;
import org.mosn4j.plugin.filters.common.DubboWire;
import org.mosn4j.plugin.filters.common.HttpClients;
import org.mosn4j.plugin.filters.common.ProxyConfigs;
import org.mosn4j.plugin.filters.common.TestBackend;

/** The ip_access filter through the in-process proxy, on HTTP/1.1, HTTP/2 and dubbo. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IpAccessFilterTest {

    private static final String IP_ACCESS = """
            {"type": "ip_access", "config": {"header": "X-Forwarded-For", "default_action": "allow", "deny_status": 451,
              "ips": [{"action": "deny", "addrs": ["10.0.0.0/8", "2001:db8::/32"]}]}}""";

    private static String route(String prefix, String config) {
        return "{\"match\": {\"prefix\": \"" + prefix + "\"}, \"route\": {\"cluster_name\": \"c\"},"
                + " \"per_filter_config\": {\"ip_access\": " + config + "}}";
    }

    private TestBackend backend;
    private RunningMosn mosn;
    private int port;
    private final HttpClient client = HttpClients.http1();

    @BeforeAll
    void start() throws Exception {
        backend = new TestBackend("b");
        String routes = String.join(",\n",
                route("/internal", "{\"default_action\": \"deny\", \"ips\": [{\"action\": \"allow\", \"addrs\": [\"192.168.0.0/16\"]}]}"),
                route("/loopback-denied", "{\"ips\": [{\"action\": \"deny\", \"addrs\": [\"127.0.0.0/8\", \"::1\"]}]}"),
                route("/open", "{\"disabled\": true}"),
                ProxyConfigs.routeAll("c"));
        mosn = RunningMosn.start(ProxyConfigs.auto(IP_ACCESS, ProxyConfigs.virtualHost(routes),
                ProxyConfigs.cluster("c", backend.address())));
        port = mosn.listener("proxy").getPort();
    }

    @AfterAll
    void stop() {
        if (mosn != null) {
            mosn.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private int status(HttpClient http, String path, String forwardedFor) throws Exception {
        var request = HttpClients.request(port, path);
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            assertEquals("access denied by ip_access\n", response.body());
        }
        return response.statusCode();
    }

    @Test
    void theClientAddressComesFromTheNearestForwardingEntry() throws Exception {
        assertEquals(200, status(client, "/", null), "no header: the peer 127.0.0.1 is allowed");
        assertEquals(451, status(client, "/", "10.1.2.3"));
        assertEquals(451, status(client, "/", "[2001:db8::5]:443"));
        assertEquals(451, status(client, "/", "192.168.1.1, 10.1.2.3"));
        assertEquals(200, status(client, "/", "10.1.2.3, 192.168.1.1"),
                "an address the client wrote left of the nearest proxy's entry must not count");
    }

    @Test
    void aDeniedRequestNeverReachesTheBackend() throws Exception {
        int before = backend.requests();
        assertEquals(451, status(client, "/", "10.9.9.9"));
        assertEquals(before, backend.requests());
    }

    @Test
    void perRouteConfigReplacesTheListenersAndUsesItsOwnAddressSource() throws Exception {
        assertEquals(403, status(client, "/internal", "192.168.1.1"),
                "the route's config reads the peer address, which is not in 192.168.0.0/16");
        assertEquals(403, status(client, "/loopback-denied", null));
        assertEquals(200, status(client, "/open", "10.1.2.3"));
    }

    @Test
    void http2StreamsAreCheckedToo() throws Exception {
        HttpClient h2 = HttpClients.http2(port);
        assertEquals(451, status(h2, "/", "10.1.2.3"));
        assertEquals(200, status(h2, "/", "192.168.1.1"));
        assertEquals(403, status(h2, "/loopback-denied", null));
    }

    @Test
    void dubboCallsAreDeniedAsDubboErrors() throws Exception {
        String routes = "{\"match\": {\"headers\": [{\"name\": \"service\", \"value\": \".*\", \"regex\": true}]},"
                + " \"route\": {\"cluster_name\": \"dubbo\"}}";
        String filter = """
                {"type": "ip_access", "config": {"header": "client-ip",
                  "ips": [{"action": "deny", "addrs": ["10.0.0.0/8"]}]}}""";
        try (DubboWire.Provider provider = new DubboWire.Provider();
             RunningMosn dubbo = RunningMosn.start(ProxyConfigs.config("dubbo", "dubbo", filter,
                     ProxyConfigs.virtualHost(routes), ProxyConfigs.cluster("dubbo", provider.address())));
             Socket socket = new Socket("127.0.0.1", dubbo.listener("dubbo").getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(DubboWire.request(1, "org.example.Greeter", "1.0.0", "hello", "x", Map.of("client-ip", "10.9.9.9")));
            out.flush();
            DubboWire.Frame denied = DubboWire.read(socket.getInputStream());
            assertEquals(1, denied.id());
            assertTrue(denied.status() != DubboWire.OK, "status " + denied.status());
            assertTrue(denied.errorMessage().contains("access denied by ip_access"), denied.errorMessage());
            out.write(DubboWire.request(2, "org.example.Greeter", "1.0.0", "hello", "x", Map.of("client-ip", "192.168.1.1")));
            out.flush();
            DubboWire.Frame allowed = DubboWire.read(socket.getInputStream());
            assertEquals(2, allowed.id());
            assertEquals(DubboWire.OK, allowed.status());
            assertEquals(1, provider.calls());
        }
    }
}
