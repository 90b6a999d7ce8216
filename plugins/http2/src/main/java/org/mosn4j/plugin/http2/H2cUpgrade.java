package org.mosn4j.plugin.http2;

import io.netty.handler.codec.http2.Http2Settings;
import java.util.Base64;
import java.util.List;
import org.mosn4j.spi.stream.HeaderMap;

/**
 * The HTTP/1.1 Upgrade to cleartext HTTP/2 (RFC 7540, section 3.2): which requests qualify, and their
 * {@code HTTP2-Settings}, the client's SETTINGS payload in base64url.
 */
final class H2cUpgrade {

    /** The {@code Upgrade} token. */
    static final String TOKEN = "h2c";
    static final String SETTINGS_HEADER = "http2-settings";
    private static final int SETTING_LENGTH = 6;
    /** Settings defined by RFC 9113; others are ignored, as the RFC asks of unknown settings. */
    private static final int LAST_KNOWN_SETTING = 6;

    private H2cUpgrade() {
    }

    /** @return whether the request may be upgraded: the token is h2c and it has exactly one valid HTTP2-Settings */
    static boolean accepts(String token, HeaderMap request) {
        return TOKEN.equalsIgnoreCase(token) && clientSettings(request) != null;
    }

    /** @return the client's settings from the request's one {@code HTTP2-Settings}, or null if it has none valid */
    static Http2Settings clientSettings(HeaderMap request) {
        List<String> values = request.getAll(SETTINGS_HEADER);
        return values.size() == 1 ? decode(values.get(0).trim()) : null;
    }

    /**
     * @param request the upgrade request's headers, changed in place
     * @return them without the headers that only served the upgrade
     */
    static HeaderMap withoutUpgradeHeaders(HeaderMap request) {
        request.remove(SETTINGS_HEADER);
        request.remove("upgrade");
        request.remove("connection");
        return request;
    }

    /** @return the settings, or null if the value is not base64url of whole 6-byte settings with valid values */
    static Http2Settings decode(String base64url) {
        byte[] payload;
        try {
            payload = Base64.getUrlDecoder().decode(base64url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (payload.length % SETTING_LENGTH != 0) {
            return null;
        }
        Http2Settings settings = new Http2Settings();
        for (int i = 0; i < payload.length; i += SETTING_LENGTH) {
            char id = (char) (((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff));
            long value = ((payload[i + 2] & 0xffL) << 24) | ((payload[i + 3] & 0xffL) << 16)
                    | ((payload[i + 4] & 0xffL) << 8) | (payload[i + 5] & 0xffL);
            if (id == 0 || id > LAST_KNOWN_SETTING) {
                continue;
            }
            try {
                settings.put(id, Long.valueOf(value));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return settings;
    }
}
