package org.mosn4j.kernel.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.config.ConfigException;

class AccessLogFormatTest {

    private static final String PATH = "listeners[0].access_logs[0].log_format";

    private static String format(String format, RequestInfo info) throws ConfigException {
        return AccessLogFormat.parse(format, PATH, ZoneOffset.UTC).format(info);
    }

    @Test
    void defaultFormatPrintsEveryFieldLikeMosn() throws ConfigException {
        assertEquals("2023/11/14 22:13:20.123 1.234567ms 2.00000227s 2048 512 Http1 200 1.5\u00b5s false 200"
                + " 127.0.0.1:40000 127.0.0.1:2045 10.0.0.1:53242 10.0.0.2:8080",
                format(AccessLogFormat.DEFAULT_FORMAT, new FixedRequestInfo()));
    }

    @Test
    void emptyOrMissingFormatMeansTheDefault() throws ConfigException {
        assertEquals(AccessLogFormat.DEFAULT_FORMAT, AccessLogFormat.parse("", PATH).toString());
        assertEquals(AccessLogFormat.DEFAULT_FORMAT, AccessLogFormat.parse(null, PATH).toString());
    }

    @Test
    void eachVariablePrintsItsValue() throws ConfigException {
        FixedRequestInfo info = new FixedRequestInfo();
        info.responseFlag = "UpstreamConnectionFailure";
        info.responseCode = 503;
        assertEquals("2023/11/14 22:13:20.123", format("%start_time%", info));
        assertEquals("1.234567ms", format("%request_received_duration%", info));
        assertEquals("2.00000227s", format("%response_received_duration%", info));
        assertEquals("1.5\u00b5s", format("%duration%", info));
        assertEquals("2048", format("%bytes_sent%", info));
        assertEquals("512", format("%bytes_received%", info));
        assertEquals("Http1", format("%protocol%", info));
        assertEquals("503", format("%response_code%", info));
        assertEquals("true", format("%response_flag%", info));
        assertEquals("true", format("%response_flags%", info));
        assertEquals("UpstreamConnectionFailure", format("%upstream_transport_failure_reason%", info));
        assertEquals("10.0.0.2:8080", format("%upstream_host%", info));
        assertEquals("127.0.0.1:40000", format("%upstream_local_address%", info));
        assertEquals("127.0.0.1:2045", format("%downstream_local_address%", info));
        assertEquals("10.0.0.1:53242", format("%downstream_remote_address%", info));
    }

    @Test
    void absentValuesPrintADash() throws ConfigException {
        FixedRequestInfo info = new FixedRequestInfo();
        info.requestReceivedNanos = -1;
        info.responseReceivedNanos = -1;
        info.protocol = "";
        info.responseCode = 0;
        info.upstreamHost = "";
        info.upstreamLocalAddress = "";
        info.downstreamLocalAddress = "";
        assertEquals("- - - 0 false - - - - -", format("%request_received_duration% %response_received_duration%"
                + " %protocol% %response_code% %response_flag% %upstream_transport_failure_reason% %upstream_host%"
                + " %upstream_local_address% %downstream_local_address% %request_header_x-missing%", info));
    }

    @Test
    void headerVariablesLookUpTheNamedHeader() throws ConfigException {
        FixedRequestInfo info = new FixedRequestInfo();
        info.requestHeaders.put(":path", "/index.html");
        info.requestHeaders.put("X-Request-Id", "abc-1");
        info.responseHeaders.put("Content-Type", "text/plain");
        assertEquals("/index.html abc-1 text/plain -",
                format("%request_header_:path% %request_header_x-request-id% %response_header_content-type%"
                        + " %response_header_server%", info));
    }

    @Test
    void literalTextIsKeptAndBackslashPercentIsAPercentSign() throws ConfigException {
        FixedRequestInfo info = new FixedRequestInfo();
        assertEquals("send request to upstream by local address 127.0.0.1:40000",
                format("send request to upstream by local address %upstream_local_address%", info));
        assertEquals("[200] 100% done", format("[%response_code%] 100\\% done", info));
        assertEquals("no variables", format("no variables", info));
    }

    @Test
    void controlCharactersInValuesAreEscapedSoTheyCannotSplitTheLine() throws ConfigException {
        FixedRequestInfo info = new FixedRequestInfo();
        info.requestHeaders.put("x-evil", "a\nb\r\tc\u0001");
        assertEquals("a\\nb\\r\\tc\\x01", format("%request_header_x-evil%", info));
    }

    @Test
    void startTimePadsMillisecondsAndFollowsTheSecond() throws ConfigException {
        AccessLogFormat format = AccessLogFormat.parse("%start_time%", PATH, ZoneOffset.UTC);
        FixedRequestInfo info = new FixedRequestInfo();
        info.startTimeMillis = 1_700_000_000_005L;
        assertEquals("2023/11/14 22:13:20.005", format.format(info));
        info.startTimeMillis = 1_700_000_000_050L;
        assertEquals("2023/11/14 22:13:20.050", format.format(info));
        info.startTimeMillis = 1_700_000_061_999L;
        assertEquals("2023/11/14 22:14:21.999", format.format(info));
        info.startTimeMillis = 1_700_000_000_000L;
        assertEquals("2023/11/14 22:13:20.000", format.format(info));
    }

    @Test
    void startTimeIsLocalTimeByDefault() throws ConfigException {
        FixedRequestInfo info = new FixedRequestInfo();
        String expected = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS")
                .format(Instant.ofEpochMilli(info.startTimeMillis).atZone(ZoneId.systemDefault()));
        assertEquals(expected, AccessLogFormat.parse("%start_time%", PATH).format(info));
    }

    @Test
    void durationsPrintLikeGo() {
        long s = 1_000_000_000L;
        assertGo("0s", 0);
        assertGo("1ns", 1);
        assertGo("999ns", 999);
        assertGo("1\u00b5s", 1_000);
        assertGo("1.5\u00b5s", 1_500);
        assertGo("1ms", 1_000_000);
        assertGo("1.000001ms", 1_000_001);
        assertGo("1.234ms", 1_234_000);
        assertGo("999.999999ms", 999_999_999);
        assertGo("1s", s);
        assertGo("2.00000227s", 2_000_002_270L);
        assertGo("1m0s", 60 * s);
        assertGo("1m1.5s", 61 * s + s / 2);
        assertGo("1h0m0s", 3600 * s);
        assertGo("1h2m3.5s", 3723 * s + s / 2);
        assertGo("-1.5\u00b5s", -1_500);
    }

    private static void assertGo(String expected, long nanos) {
        StringBuilder out = new StringBuilder();
        GoDurationText.append(nanos, out);
        assertEquals(expected, out.toString(), nanos + "ns");
    }

    @Test
    void unknownVariableIsAConfigErrorNamingThePath() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AccessLogFormat.parse("%start_time% %no_such_thing%", PATH));
        assertEquals(PATH, e.path());
        assertTrue(e.getMessage().startsWith(PATH + ": "), e.getMessage());
        assertTrue(e.problem().contains("%no_such_thing%"), e.problem());
        assertTrue(e.problem().contains("request_header_<name>"), e.problem());
    }

    @Test
    void headerPrefixWithoutANameIsUnknown() {
        ConfigException e = assertThrows(ConfigException.class, () -> AccessLogFormat.parse("%request_header_%", PATH));
        assertTrue(e.problem().contains("%request_header_%"), e.problem());
    }

    @Test
    void unterminatedVariableIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AccessLogFormat.parse("took %duration", PATH));
        assertEquals(PATH, e.path());
        assertTrue(e.problem().contains("unterminated variable at offset 5"), e.problem());
    }

    @Test
    void emptyVariableIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> AccessLogFormat.parse("100%% done", PATH));
        assertEquals(PATH, e.path());
        assertTrue(e.problem().contains("empty variable"), e.problem());
    }
}
