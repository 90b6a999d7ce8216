package com.example.mosn4j.headerguard;

import java.util.List;
import java.util.Map;

/**
 * The filter's {@code config} block as written, bound by mosn4j's {@code ConfigBinder} (snake_case keys,
 * matched case-insensitively; a value of the wrong JSON type is reported with its path).
 *
 * @param requestHeaders headers set on requests that pass
 * @param responseHeaders headers set on every response
 * @param deny the rules, tried in order
 */
public record HeaderGuardConfig(Map<String, String> requestHeaders, Map<String, String> responseHeaders,
        List<DenyRuleConfig> deny) {

    /**
     * One {@code deny[]} entry.
     *
     * @param header the request header to look at
     * @param regex a Java regular expression, found anywhere in a value
     * @param status the status to answer with; 403 when absent
     * @param body the response body; empty when absent
     */
    public record DenyRuleConfig(String header, String regex, Integer status, String body) {
    }
}
