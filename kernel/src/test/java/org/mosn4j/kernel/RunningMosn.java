package org.mosn4j.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.plugin.PluginHost;

/**
 * An in-process mosn4j for tests: started from a JSON config (use port 0 for ephemeral ports), with the
 * extensions found on the test classpath and no plugin directory. Close it to stop at once.
 */
public final class RunningMosn implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Mosn4jServer server;

    private RunningMosn(Mosn4jServer server) {
        this.server = server;
    }

    /**
     * @param json a MOSN-format config
     * @return the started server
     */
    public static RunningMosn start(String json) throws Exception {
        Path emptyPlugins = Files.createTempDirectory("mosn4j-plugins");
        Mosn4jServer server = Mosn4jServer.prepare(ConfigLoader.parse(json, null), PluginHost.load(emptyPlugins));
        server.start();
        return new RunningMosn(server);
    }

    /** @return the server */
    public Mosn4jServer server() {
        return server;
    }

    /** @return the bound address of a listener */
    public InetSocketAddress listener(String name) {
        return server.listenerAddress(name);
    }

    /** @return the admin API's port */
    public int adminPort() {
        return server.adminAddress().getPort();
    }

    /**
     * GETs an admin path.
     *
     * @param pathAndQuery such as {@code /api/v1/stats}
     * @return the response
     */
    public HttpResponse<String> admin(String pathAndQuery) {
        return send(HttpRequest.newBuilder(adminUri(pathAndQuery)).GET().build());
    }

    /**
     * POSTs to an admin path.
     *
     * @return the response
     */
    public HttpResponse<String> adminPost(String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(adminUri(pathAndQuery)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private URI adminUri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + adminPort() + pathAndQuery);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stopNow();
    }
}
