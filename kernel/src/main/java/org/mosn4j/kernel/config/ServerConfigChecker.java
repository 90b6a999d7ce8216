package org.mosn4j.kernel.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import org.mosn4j.kernel.log.LogLevels;
import org.mosn4j.spi.config.ConfigException;

/**
 * Checks the process-wide parts of a config: {@code servers}, {@code admin} and the cluster manager's own keys.
 * Routers, listeners and clusters are checked as they are built.
 */
public final class ServerConfigChecker {

    private ServerConfigChecker() {
    }

    /**
     * @param config the bound config
     * @param problems where errors are collected
     */
    public static void check(MosnConfig config, ConfigProblems problems) {
        if (config.servers().size() > 1) {
            problems.add(new ConfigException("servers", "expected at most one server (as MOSN), got " + config.servers().size()));
        }
        ServerConfig server = config.server();
        if (server.defaultLogLevel() != null && !server.defaultLogLevel().isEmpty()
                && LogLevels.parseLevel(server.defaultLogLevel()).isEmpty()) {
            problems.add(new ConfigException("servers[0].default_log_level", "expected one of FATAL, ERROR, WARN, INFO, DEBUG, TRACE, got \""
                    + server.defaultLogLevel() + "\""));
        }
        if (server.processor() != null && server.processor() < 0) {
            problems.add(new ConfigException("servers[0].processor", "expected a worker count of 0 (one per core) or more, got "
                    + server.processor()));
        }
        if (server.gracefulTimeout() != null && server.gracefulTimeout().isNegative()) {
            problems.add(new ConfigException("servers[0].graceful_timeout", "expected a duration of 0s or more"));
        }
        try {
            adminAddress(config.admin());
        } catch (ConfigException e) {
            problems.add(e);
        }
        JsonNode sharedTls = config.clusterManager().tlsContext();
        if (sharedTls != null && sharedTls.path("status").asBoolean(false)) {
            problems.add(new ConfigException("cluster_manager.tls_context", "a tls_context for all clusters is not "
                    + "supported; put it on each cluster (cluster_manager.clusters[].tls_context)"));
        }
    }

    /**
     * @param admin the admin block, or null
     * @return the admin address, or null when there is no admin block (no admin server, as in MOSN)
     * @throws ConfigException when the block is malformed
     */
    public static InetSocketAddress adminAddress(AdminConfig admin) throws ConfigException {
        if (admin == null) {
            return null;
        }
        String path = "admin.address.socket_address";
        if (admin.address() == null || admin.address().socketAddress() == null) {
            throw new ConfigException(path, "expected {\"address\": \"127.0.0.1\", \"port_value\": 34901}, got nothing");
        }
        AdminConfig.SocketAddress socket = admin.address().socketAddress();
        String host = socket.address() == null || socket.address().isEmpty() ? "127.0.0.1" : socket.address();
        if (socket.portValue() == null || socket.portValue() < 0 || socket.portValue() > 65535) {
            throw new ConfigException(path + ".port_value", "expected a port from 0 to 65535, got " + socket.portValue());
        }
        String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return SocketAddresses.parse(literal + ":" + socket.portValue(), path + ".address");
    }
}
