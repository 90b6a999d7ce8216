package org.mosn4j.kernel.network.tls;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.mosn4j.spi.network.CloseType;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.network.FilterStatus;
import org.mosn4j.spi.network.NetworkFilterContext;
import org.mosn4j.spi.network.NetworkFilterFactory;
import org.mosn4j.spi.network.NetworkFilterInstaller;
import org.mosn4j.spi.network.ReadFilter;
import org.mosn4j.spi.network.ReadFilterCallbacks;

/**
 * A network filter for the TLS tests, type {@code "tls_test_echo"}, packed into a plugin jar by
 * {@link EchoPlugin}: it greets each connection with its config's {@code greeting} and a newline, so a test can
 * tell which filter chain took the connection, then echoes every byte.
 */
public final class EchoFilterFactory implements NetworkFilterFactory {

    @Override
    public String type() {
        return "tls_test_echo";
    }

    @Override
    public NetworkFilterInstaller configure(JsonNode config, NetworkFilterContext context) {
        String greeting = config.path("greeting").asText("hello");
        return filters -> filters.addReadFilter(new Echo(greeting));
    }

    static final class Echo implements ReadFilter {
        private final String greeting;
        private Connection connection;

        Echo(String greeting) {
            this.greeting = greeting;
        }

        @Override
        public void initReadFilterCallbacks(ReadFilterCallbacks callbacks) {
            connection = callbacks.connection();
        }

        @Override
        public FilterStatus onNewConnection() {
            connection.write(Unpooled.copiedBuffer(greeting + "\n", StandardCharsets.UTF_8), false);
            return FilterStatus.CONTINUE;
        }

        @Override
        public FilterStatus onData(ByteBuf data, boolean endOfStream) {
            if (data.isReadable()) {
                connection.write(data, false);
            } else {
                data.release();
            }
            if (endOfStream) {
                connection.close(CloseType.FLUSH_WRITE);
            }
            return FilterStatus.STOP;
        }
    }
}
