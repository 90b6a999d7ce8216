package com.example.mosn4j.headerguard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * The checked config of one {@code example_header_guard} entry. Immutable, so the filters of every stream, on
 * every event loop, share one instance.
 *
 * @param requestHeaders headers set on requests that pass
 * @param responseHeaders headers set on every response
 * @param rules the deny rules, in order
 */
record HeaderGuardSettings(Map<String, String> requestHeaders, Map<String, String> responseHeaders,
        List<DenyRule> rules) {

    /**
     * A compiled {@code deny[]} entry.
     *
     * @param header the request header to look at
     * @param pattern found anywhere in one of its values
     * @param status the status to answer with
     * @param body the response body, possibly empty
     */
    record DenyRule(String header, Pattern pattern, int status, String body) {
    }

    static final int DEFAULT_STATUS = 403;

    /**
     * Binds and checks a config block.
     *
     * @param config the filter's {@code config} block
     * @param path its JSON path, such as {@code servers[0].listeners[0].stream_filters[0].config}
     * @return the settings
     * @throws ConfigException naming the JSON path of the first problem
     */
    static HeaderGuardSettings from(JsonNode config, String path) throws ConfigException {
        HeaderGuardConfig raw = ConfigBinder.INSTANCE.bind(config, HeaderGuardConfig.class, path);
        Map<String, String> request = headers(raw.requestHeaders(), ConfigException.join(path, "request_headers"));
        Map<String, String> response = headers(raw.responseHeaders(), ConfigException.join(path, "response_headers"));
        List<DenyRule> rules = new ArrayList<>();
        List<HeaderGuardConfig.DenyRuleConfig> deny = ConfigBinder.orEmpty(raw.deny());
        for (int i = 0; i < deny.size(); i++) {
            rules.add(rule(deny.get(i), ConfigException.join(ConfigException.join(path, "deny"), "[" + i + "]")));
        }
        return new HeaderGuardSettings(request, response, List.copyOf(rules));
    }

    private static DenyRule rule(HeaderGuardConfig.DenyRuleConfig config, String path) throws ConfigException {
        if (config.header() == null || config.header().isBlank()) {
            throw new ConfigException(ConfigException.join(path, "header"), "expected a request header name, got nothing");
        }
        if (config.regex() == null) {
            throw new ConfigException(ConfigException.join(path, "regex"), "expected a regular expression, got nothing");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(config.regex());
        } catch (PatternSyntaxException e) {
            throw new ConfigException(ConfigException.join(path, "regex"), "\"" + config.regex()
                    + "\" is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
        int status = config.status() == null ? DEFAULT_STATUS : config.status();
        if (status < 200 || status > 599) {
            throw new ConfigException(ConfigException.join(path, "status"), "expected an HTTP status from 200 to 599, got "
                    + status);
        }
        return new DenyRule(config.header(), pattern, status, config.body() == null ? "" : config.body());
    }

    private static Map<String, String> headers(Map<String, String> headers, String path) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers == null) {
            return out;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().isBlank() || header.getKey().startsWith(":")) {
                throw new ConfigException(ConfigException.join(path, header.getKey()),
                        "expected a header name (pseudo headers such as :path cannot be set here)");
            }
            if (header.getValue() == null) {
                throw new ConfigException(ConfigException.join(path, header.getKey()), "expected a string, got null");
            }
            out.put(header.getKey(), header.getValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /** @return the first rule a request matches, or null */
    DenyRule firstMatch(HeaderMap requestHeaders) {
        for (DenyRule rule : rules) {
            for (String value : requestHeaders.getAll(rule.header())) {
                if (rule.pattern().matcher(value).find()) {
                    return rule;
                }
            }
        }
        return null;
    }
}
