package org.mosn4j.kernel.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.mosn4j.spi.protocol.ProtocolRejection;

/**
 * What the protocols of one listener refused on their own, by {@link ProtocolRejection}: requests answered
 * with an error status by the codec ({@code request_rejected_400}, {@code _414}, {@code _417}, {@code _431},
 * {@code _501}, {@code _505}), HTTP/2 streams refused ({@code http2_stream_refused}), connections closed for a
 * frame flood ({@code http2_flood_rejected}) and Dubbo frames over the size limit
 * ({@code dubbo_frame_too_large}). Updated from event loops without locks; read by the admin API.
 */
public final class RejectionCounters {

    private final Map<ProtocolRejection, LongAdder> counts = new EnumMap<>(ProtocolRejection.class);

    public RejectionCounters() {
        for (ProtocolRejection rejection : ProtocolRejection.values()) {
            counts.put(rejection, new LongAdder());
        }
    }

    /** @param rejection what a protocol refused */
    public void rejected(ProtocolRejection rejection) {
        counts.get(rejection).increment();
    }

    /** Adds one key per {@link ProtocolRejection} to {@code view}. */
    public void addView(Map<String, Long> view) {
        counts.forEach((rejection, count) -> view.put(key(rejection), count.sum()));
    }

    /** @return the stats key that counts {@code rejection} */
    static String key(ProtocolRejection rejection) {
        return switch (rejection) {
            case BAD_REQUEST, URI_TOO_LONG, EXPECTATION_FAILED, HEADERS_TOO_LARGE, NOT_IMPLEMENTED,
                    VERSION_NOT_SUPPORTED -> "request_rejected_" + rejection.status();
            case STREAM_REFUSED -> "http2_stream_refused";
            case FLOOD -> "http2_flood_rejected";
            case FRAME_TOO_LARGE -> "dubbo_frame_too_large";
        };
    }
}
