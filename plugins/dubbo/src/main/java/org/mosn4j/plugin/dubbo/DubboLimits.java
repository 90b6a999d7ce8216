package org.mosn4j.plugin.dubbo;

/**
 * The limits of the dubbo protocol on both sides of the proxy.
 *
 * @param maxFrameSize the largest frame body accepted, in bytes; a larger frame closes its connection
 * @param maxConcurrentStreams the most requests one upstream connection carries at once, and the most a
 *                             downstream connection may have in flight before the proxy stops reading it
 */
public record DubboLimits(int maxFrameSize, int maxConcurrentStreams) {

    /** 8 MiB frames (Dubbo's own default payload limit) and 1024 requests at once per connection. */
    public static final DubboLimits DEFAULT = new DubboLimits(8 * 1024 * 1024, 1024);

    public DubboLimits {
        if (maxFrameSize < 1) {
            throw new IllegalArgumentException("maxFrameSize must be at least 1, not " + maxFrameSize);
        }
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be at least 1, not " + maxConcurrentStreams);
        }
    }
}
