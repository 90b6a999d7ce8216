package org.mosn4j.plugin.dubbo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.protocol.MatchResult;
import org.mosn4j.spi.protocol.Protocol;

class DubboProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MatchResult match(Protocol protocol, int... bytes) {
        ByteBuf prefix = Unpooled.buffer();
        for (int b : bytes) {
            prefix.writeByte(b);
        }
        try {
            return protocol.match(prefix);
        } finally {
            assertEquals(0, prefix.readerIndex());
            prefix.release();
        }
    }

    @Test
    void matchesTheMagic() {
        DubboProtocol dubbo = new DubboProtocol();
        assertEquals(MatchResult.NEED_MORE_DATA, match(dubbo));
        assertEquals(MatchResult.NEED_MORE_DATA, match(dubbo, 0xda));
        assertEquals(MatchResult.MATCH, match(dubbo, 0xda, 0xbb));
        assertEquals(MatchResult.MATCH, match(dubbo, 0xda, 0xbb, 0xc2));
        assertEquals(MatchResult.NO_MATCH, match(dubbo, 'G'));
        assertEquals(MatchResult.NO_MATCH, match(dubbo, 0xda, 'G'));
        assertEquals(MatchResult.NO_MATCH, match(new XProtocol(), 0xda, 0xbb));
    }

    @Test
    void optionsSetTheLimits() throws Exception {
        Protocol configured = new DubboProtocol().withOptions(json("{\"max_frame_size\": 1024, \"max_concurrent_streams\": 5000}"),
                "p.extend_config.dubbo");
        assertEquals(new DubboLimits(1024, 5000), ((DubboProtocol) configured).limits());
        assertEquals(5000, configured.maxConcurrentStreams());
        assertEquals(DubboLimits.DEFAULT.maxFrameSize(),
                ((DubboProtocol) new DubboProtocol().withOptions(json("{}"), "p")).limits().maxFrameSize());
    }

    @Test
    void badOptionsNameTheirPath() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new DubboProtocol().withOptions(json("{\"max_frame_size\": 0}"), "p.extend_config.dubbo"));
        assertEquals("p.extend_config.dubbo.max_frame_size", e.path());
        assertThrows(ConfigException.class,
                () -> new DubboProtocol().withOptions(json("{\"max_concurrent_streams\": \"many\"}"), "p"));
    }

    @Test
    void xCarriesOnlyDubbo() throws Exception {
        XProtocol x = new XProtocol();
        assertSame(x, x.withOptions(json("{\"sub_protocol\": \"dubbo\", \"Http2\": {}}"), "p.extend_config"));
        assertSame(x, x.withOptions(json("{\"sub_protocol\": \"Dubbo\"}"), "p.extend_config"));
        Protocol tuned = x.withOptions(json("{\"sub_protocol\": \"dubbo\", \"dubbo\": {\"max_concurrent_streams\": 7}}"),
                "p.extend_config");
        assertEquals(7, tuned.maxConcurrentStreams());
        assertEquals("X", tuned.type());
        ConfigException e = assertThrows(ConfigException.class,
                () -> x.withOptions(json("{\"sub_protocol\": \"bolt\"}"), "p.extend_config"));
        assertEquals("p.extend_config.sub_protocol", e.path());
        assertTrue(e.problem().contains("only sub_protocol \"dubbo\""), e.problem());
    }

    @Test
    void statusesMapBothWays() {
        assertEquals(200, DubboStatus.toHttp(DubboStatus.OK));
        assertEquals(504, DubboStatus.toHttp(DubboStatus.SERVER_TIMEOUT));
        assertEquals(404, DubboStatus.toHttp(DubboStatus.SERVICE_NOT_FOUND));
        assertEquals(500, DubboStatus.toHttp(DubboStatus.SERVICE_ERROR));
        assertEquals(503, DubboStatus.toHttp(DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR));
        assertEquals(400, DubboStatus.toHttp(DubboStatus.BAD_REQUEST));
        assertEquals(DubboStatus.SERVICE_NOT_FOUND, DubboStatus.fromHttp(404));
        assertEquals(DubboStatus.SERVICE_ERROR, DubboStatus.fromHttp(502));
        assertEquals(DubboStatus.SERVICE_ERROR, DubboStatus.fromHttp(503));
        assertEquals(DubboStatus.SERVER_TIMEOUT, DubboStatus.fromHttp(504));
        assertEquals(DubboStatus.BAD_REQUEST, DubboStatus.fromHttp(400));
        assertEquals(DubboStatus.SERVER_ERROR, DubboStatus.fromHttp(500));
        assertEquals(DubboStatus.BAD_RESPONSE, DubboStatus.fromHttp(200));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
