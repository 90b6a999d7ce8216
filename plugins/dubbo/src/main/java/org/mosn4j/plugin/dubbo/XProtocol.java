package org.mosn4j.plugin.dubbo;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import java.util.Locale;
import org.mosn4j.spi.config.ConfigException;
import org.mosn4j.spi.network.Connection;
import org.mosn4j.spi.protocol.ClientStreamConnection;
import org.mosn4j.spi.protocol.ClientStreamConnectionCallbacks;
import org.mosn4j.spi.protocol.MatchResult;
import org.mosn4j.spi.protocol.Protocol;
import org.mosn4j.spi.protocol.ServerStreamConnection;
import org.mosn4j.spi.protocol.ServerStreamListener;
import org.pf4j.Extension;

/**
 * Protocol type {@code X}: MOSN's name for its family of RPC protocols, picked by {@code sub_protocol} in the
 * {@code proxy} filter's {@code extend_config}, as in {@code "downstream_protocol": "X", "extend_config":
 * {"sub_protocol": "dubbo"}}. mosn4j has one sub-protocol, {@code dubbo}, which is also what {@code X} runs
 * when no sub-protocol is named; any other is a config error.
 *
 * <p>It never claims a connection in {@code Auto} detection: the {@code dubbo} type does that.
 */
@Extension
public final class XProtocol implements Protocol {

    /** The type string configs name. */
    public static final String TYPE = "X";
    /** The only sub-protocol mosn4j has. */
    static final String DUBBO = "dubbo";

    private final Protocol subProtocol;

    /** With {@code dubbo} and its default limits. */
    public XProtocol() {
        this(new DubboProtocol());
    }

    private XProtocol(Protocol subProtocol) {
        this.subProtocol = subProtocol;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MatchResult match(ByteBuf prefix) {
        return MatchResult.NO_MATCH;
    }

    @Override
    public ServerStreamConnection newServerConnection(Connection connection, ServerStreamListener listener) {
        return subProtocol.newServerConnection(connection, listener);
    }

    @Override
    public ClientStreamConnection newClientConnection(Connection connection,
            ClientStreamConnectionCallbacks callbacks) {
        return subProtocol.newClientConnection(connection, callbacks);
    }

    @Override
    public int maxConcurrentStreams() {
        return subProtocol.maxConcurrentStreams();
    }

    /**
     * Reads {@code sub_protocol}, which must be {@code dubbo} (any case), and the {@code dubbo} block beside it
     * for {@link DubboProtocol#withOptions the dubbo options}. Other keys are left to the protocols they name:
     * MOSN puts {@code sub_protocol} at the top of {@code extend_config}, which other protocols' options share.
     */
    @Override
    public Protocol withOptions(JsonNode options, String path) throws ConfigException {
        JsonNode sub = options.get("sub_protocol");
        if (sub != null && !sub.isNull()) {
            String name = sub.isTextual() ? sub.asText() : sub.toString();
            if (!DUBBO.equals(name.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(ConfigException.join(path, "sub_protocol"), "protocol X in mosn4j carries "
                        + "only sub_protocol \"dubbo\", got " + sub + "; use \"dubbo\" or another protocol plugin");
            }
        }
        JsonNode dubbo = options.get(DUBBO);
        if (dubbo == null || !dubbo.isObject()) {
            return this;
        }
        return new XProtocol(subProtocol.withOptions(dubbo, ConfigException.join(path, DUBBO)));
    }
}
