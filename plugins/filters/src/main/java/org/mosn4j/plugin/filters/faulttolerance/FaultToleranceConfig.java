package org.mosn4j.plugin.filters.faulttolerance;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The {@code fault_tolerance} config block, with MOSN's field names (camel case, as MOSN writes them) and a few
 * of mosn4j's. Times are integers of milliseconds, as in MOSN, or Go duration strings.
 *
 * @param enabled whether hosts are ejected at all (MOSN's default: false)
 * @param exceptionTypes statuses that count as failures (default 502, 503, 504)
 * @param timeWindow how often failure rates are judged (default 10000 ms, at least 10 ms)
 * @param leastWindowCount requests a host needs in a window to be judged (default 10)
 * @param exceptionRateMultiple eject a host whose failure rate is this many times its cluster's (default 5)
 * @param exceptionRateThreshold mosn4j: eject a host whose failure rate reaches this, 0 to 1 (default 0: off)
 * @param consecutiveExceptions mosn4j: eject a host after this many failures in a row (default 5; 0: off)
 * @param maxIpCount how many hosts of a cluster may be ejected at once (default 1)
 * @param maxIpRatio which share of a cluster's hosts may be ejected at once, 0 to 1 (default 0: no such limit)
 * @param recoverTime how long a first ejection lasts (default 15 minutes)
 * @param maxRecoverTime mosn4j: how long an ejection lasts at most (default 4 times recoverTime)
 * @param taskSize MOSN's worker count for judging; not needed here
 * @param clusters mosn4j: the clusters to eject hosts of (default: every cluster)
 */
record FaultToleranceConfig(
        Boolean enabled,
        @JsonProperty("exceptionTypes") List<Integer> exceptionTypes,
        @JsonProperty("timeWindow") JsonNode timeWindow,
        @JsonProperty("leastWindowCount") Integer leastWindowCount,
        @JsonProperty("exceptionRateMultiple") Double exceptionRateMultiple,
        @JsonProperty("exceptionRateThreshold") Double exceptionRateThreshold,
        @JsonProperty("consecutiveExceptions") Integer consecutiveExceptions,
        @JsonProperty("maxIpCount") Integer maxIpCount,
        @JsonProperty("maxIpRatio") Double maxIpRatio,
        @JsonProperty("recoverTime") JsonNode recoverTime,
        @JsonProperty("maxRecoverTime") JsonNode maxRecoverTime,
        @JsonProperty("taskSize") Integer taskSize,
        List<String> clusters) {
}
