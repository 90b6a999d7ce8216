package org.mosn4j.kernel.accesslog;

import java.util.Map;
import java.util.TreeMap;

/** A {@link RequestInfo} with settable values; headers are matched case-insensitively, as the proxy does. */
final class FixedRequestInfo implements RequestInfo {

    long startTimeMillis = 1_700_000_000_123L;
    long requestReceivedNanos = 1_234_567L;
    long responseReceivedNanos = 2_000_002_270L;
    long durationNanos = 1_500L;
    long bytesSent = 2048;
    long bytesReceived = 512;
    String protocol = "Http1";
    int responseCode = 200;
    String responseFlag = "";
    String upstreamHost = "10.0.0.2:8080";
    String upstreamLocalAddress = "127.0.0.1:40000";
    String downstreamLocalAddress = "127.0.0.1:2045";
    String downstreamRemoteAddress = "10.0.0.1:53242";
    final Map<String, String> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    @Override
    public long startTimeMillis() {
        return startTimeMillis;
    }

    @Override
    public long requestReceivedNanos() {
        return requestReceivedNanos;
    }

    @Override
    public long responseReceivedNanos() {
        return responseReceivedNanos;
    }

    @Override
    public long durationNanos() {
        return durationNanos;
    }

    @Override
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public int responseCode() {
        return responseCode;
    }

    @Override
    public String responseFlag() {
        return responseFlag;
    }

    @Override
    public String upstreamHost() {
        return upstreamHost;
    }

    @Override
    public String upstreamLocalAddress() {
        return upstreamLocalAddress;
    }

    @Override
    public String downstreamLocalAddress() {
        return downstreamLocalAddress;
    }

    @Override
    public String downstreamRemoteAddress() {
        return downstreamRemoteAddress;
    }

    @Override
    public String requestHeader(String name) {
        return requestHeaders.get(name);
    }

    @Override
    public String responseHeader(String name) {
        return responseHeaders.get(name);
    }
}
