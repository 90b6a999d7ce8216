package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.mosn4j.spi.config.ConfigBinder;

/**
 * The config's {@code dynamic_resources}, in Envoy v3's bootstrap shape. Only ADS over gRPC is supported: an
 * {@code ads_config} with {@code api_type} {@code GRPC}, and {@code lds_config} / {@code cds_config} that say
 * {@code {"ads": {}}}.
 *
 * @param adsConfig how to reach the control plane
 * @param ldsConfig where listeners come from; absent means no listeners from xDS
 * @param cdsConfig where clusters come from; absent means no clusters from xDS
 */
record DynamicResourcesConfig(AdsConfig adsConfig, ConfigSource ldsConfig, ConfigSource cdsConfig) {

    /**
     * {@code ads_config}.
     *
     * @param apiType {@code GRPC} (State of the World); others are refused
     * @param transportApiVersion {@code V3} or absent
     * @param grpcServices exactly one: the control plane
     * @param setNodeOnFirstMessageOnly send {@code node} on a stream's first request only
     */
    record AdsConfig(String apiType, String transportApiVersion, List<GrpcService> grpcServices,
            Boolean setNodeOnFirstMessageOnly) {

        AdsConfig {
            grpcServices = ConfigBinder.orEmpty(grpcServices);
        }
    }

    /**
     * One {@code grpc_services} entry: a cluster of {@code static_resources} or a target URI.
     *
     * @param envoyGrpc names the {@code static_resources} cluster of the control plane
     * @param googleGrpc {@code target_uri} {@code host:port}, plaintext
     * @param timeout accepted and unused: the ADS stream has no deadline
     */
    record GrpcService(EnvoyGrpc envoyGrpc, GoogleGrpc googleGrpc, Duration timeout) {
    }

    /** {@code envoy_grpc}: the control plane is a cluster of {@code static_resources}. */
    record EnvoyGrpc(String clusterName, String authority) {
    }

    /** {@code google_grpc}: the control plane's address; credentials are refused. */
    record GoogleGrpc(String targetUri, JsonNode channelCredentials, JsonNode callCredentials, String statPrefix) {
    }

    /**
     * {@code lds_config} or {@code cds_config}: an Envoy {@code ConfigSource}.
     *
     * @param ads present (as {@code {}}) for resources over the ADS stream, the only source supported
     * @param apiConfigSource a separate discovery service; refused
     * @param path a file; refused
     * @param pathConfigSource a file; refused
     * @param resourceApiVersion {@code V3} or absent
     * @param initialFetchTimeout how long to wait for the first resources before applying what arrived
     */
    record ConfigSource(JsonNode ads, JsonNode apiConfigSource, String path, JsonNode pathConfigSource,
            String resourceApiVersion, Duration initialFetchTimeout) {
    }
}
