package org.mosn4j.kernel.admin;

import static io.netty.handler.codec.http.HttpResponseStatus.ACCEPTED;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mosn4j.kernel.plugin.ExtensionKind;
import org.mosn4j.kernel.plugin.LoadedPlugin;
import org.mosn4j.kernel.plugin.PluginAdminException;
import org.mosn4j.kernel.plugin.PluginControl;
import org.mosn4j.kernel.plugin.PluginHost;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * The admin API's plugin paths: {@code GET /api/v1/plugin} lists the loaded plugins, and
 * {@code POST /api/v1/plugin/load?path=FILE.jar}, {@code disable?id=ID}, {@code enable?id=ID} and
 * {@code unload?id=ID} change them. Listing answers on the event loop from memory; changes run on the plugin
 * admin thread ({@link PluginControl#executor()}) and answer from there.
 */
final class PluginEndpoints {

    private static final ObjectMapper JSON = ConfigBinder.INSTANCE.mapper();

    private final PluginHost host;

    PluginEndpoints(PluginHost host) {
        this.host = host;
    }

    @FunctionalInterface
    private interface Operation {
        AdminResponse run() throws PluginAdminException, JsonProcessingException;
    }

    AdminResponse list(AdminRequest request) throws JsonProcessingException {
        String id = request.param("id");
        if (id != null) {
            LoadedPlugin plugin = host.plugin(id).orElse(null);
            return plugin == null
                    ? AdminResponse.error(HttpResponseStatus.NOT_FOUND, "no plugin " + id + " is loaded")
                    : AdminResponse.json(pretty(describe(plugin)));
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("plugins_dir", host.pluginsDir().toString());
        ArrayNode plugins = out.putArray("plugins");
        host.plugins().forEach(plugin -> plugins.add(describe(plugin)));
        ObjectNode builtin = out.putObject("builtin");
        for (ExtensionKind kind : ExtensionKind.values()) {
            ArrayNode types = builtin.putArray(kind.jsonName());
            host.registry().kernelTypes(kind).forEach(types::add);
        }
        return AdminResponse.json(pretty(out));
    }

    CompletionStage<AdminResponse> load(AdminRequest request) {
        return run(() -> AdminResponse.json(OK, pretty(describe(host.control().load(request.param("path"))))));
    }

    CompletionStage<AdminResponse> disable(AdminRequest request) {
        return run(() -> AdminResponse.json(OK, pretty(describe(host.control().disable(request.param("id"))))));
    }

    CompletionStage<AdminResponse> enable(AdminRequest request) {
        return run(() -> AdminResponse.json(OK, pretty(describe(host.control().enable(request.param("id"))))));
    }

    /** 200 when the plugin is unloaded already, 202 while streams still hold its filters. */
    CompletionStage<AdminResponse> unload(AdminRequest request) {
        return run(() -> {
            PluginControl.Unload unload = host.control().unload(request.param("id"));
            return AdminResponse.json(unload.done().isDone() ? OK : ACCEPTED, pretty(describe(unload.plugin())));
        });
    }

    private CompletionStage<AdminResponse> run(Operation operation) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return operation.run();
            } catch (PluginAdminException e) {
                return AdminResponse.error(status(e.reason()), e.getMessage());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }, host.control().executor());
    }

    private static HttpResponseStatus status(PluginAdminException.Reason reason) {
        return switch (reason) {
            case BAD_REQUEST -> HttpResponseStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case CONFLICT -> HttpResponseStatus.CONFLICT;
            case FAILED -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }

    private static ObjectNode describe(LoadedPlugin plugin) {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", plugin.id());
        out.put("version", plugin.version());
        out.put("state", plugin.status().jsonName());
        out.put("jar", plugin.jar().toString());
        out.put("description", plugin.description());
        ObjectNode extensions = out.putObject("extensions");
        plugin.types().forEach((kind, types) -> {
            ArrayNode list = extensions.putArray(kind.jsonName());
            types.forEach(list::add);
        });
        out.put("manageable", plugin.manageable());
        out.put("live_filters", plugin.liveFilters());
        return out;
    }

    private static String pretty(Object value) throws JsonProcessingException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}
