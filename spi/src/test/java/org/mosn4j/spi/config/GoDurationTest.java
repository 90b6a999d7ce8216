package org.mosn4j.spi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

    @ParameterizedTest(name = "\"{0}\" is {1} ns")
    @CsvSource({
            "30s,       30000000000",
            "500ms,     500000000",
            "1m30s,     90000000000",
            "1.5h,      5400000000000",
            "2h45m,     9900000000000",
            "0,         0",
            "100us,     100000",
            "100\u00b5s,   100000",
            "250ns,     250",
            "-1s,       -1000000000",
            "+2s,       2000000000",
            "-0,        0",
            ".5s,       500000000",
            "1h0m0.5s,  3600500000000",
    })
    void parsesGoDurations(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
    }

    @Test
    void parsesTheFieldsOfTheMosnSamples() {
        assertEquals(Duration.ofSeconds(30), GoDuration.parse("30s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofHours(2).plusMinutes(45), GoDuration.parse("2h45m"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofNanos(100_000), GoDuration.parse("100us"));
        assertEquals(Duration.ofSeconds(-1), GoDuration.parse("-1s"));
    }

    @Test
    void emptyTextIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(""));
        assertEquals("empty duration", e.getMessage());
    }

    @Test
    void blankTextIsRejectedAsEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("   "));
        assertEquals("empty duration", e.getMessage());
    }

    @Test
    void numberWithoutUnitIsRejectedNamingTheUnits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("30"));
        assertEquals("missing unit in duration \"30\" (use ns, us, ms, s, m or h, as in \"30s\")", e.getMessage());
    }

    @Test
    void unknownUnitIsRejectedNamingTheUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("10x"));
        assertEquals("unknown unit \"x\" in duration \"10x\" (use ns, us, ms, s, m or h)", e.getMessage());
    }

    @Test
    void textWithoutNumberIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("abc"));
        assertEquals("invalid duration \"abc\" (expected a Go duration such as \"30s\", \"500ms\" or \"1m30s\")",
                e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" is invalid")
    @CsvSource({"-", "+", "s", "1..5s", "1s2", "1h-30m"})
    void malformedTextIsRejectedWithTheTextInTheMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertEquals(true, e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Test
    void durationLongerThanGoAllowsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GoDuration.parse("3000000h"));
        assertEquals("duration \"3000000h\" is too long", e.getMessage());
    }

    @ParameterizedTest(name = "format(parse(\"{0}\")) is \"{1}\"")
    @CsvSource({
            "30s,       30s",
            "500ms,     500ms",
            "1m30s,     1m30s",
            "90s,       1m30s",
            "1.5h,      1h30m0s",
            "2h45m,     2h45m0s",
            "0,         0s",
            "0s,        0s",
            "100us,     100us",
            "250ns,     250ns",
            "1.5s,      1.5s",
            "1h0m0.5s,  1h0m0.5s",
            "-1s,       -1s",
            "-1m30s,    -1m30s",
            "-500ms,    -500ms",
    })
    void formatsAsGoPrints(String text, String printed) {
        assertEquals(printed, GoDuration.format(GoDuration.parse(text)));
    }

    @ParameterizedTest(name = "\"{0}\" round trips")
    @CsvSource({"30s", "500ms", "1m30s", "1.5h", "2h45m", "0", "100us", "-1s", "1h0m0.5s", "3ns", "59m59.999999999s"})
    void formattedTextParsesBackToTheSameDuration(String text) {
        Duration parsed = GoDuration.parse(text);
        String printed = GoDuration.format(parsed);
        assertEquals(parsed, GoDuration.parse(printed));
        assertEquals(printed, GoDuration.format(GoDuration.parse(printed)));
    }
}
