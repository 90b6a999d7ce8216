package org.mosn4j.kernel.network.upgrade;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.mosn4j.kernel.config.MosnConfig;
import org.mosn4j.kernel.network.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's hot upgrade settings: the Unix socket where the running process offers its listening sockets,
 * whether this process offers its own there once started, and whether it first takes them over from the process
 * running there ({@code --upgrade}). Immutable.
 */
public final class HotUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(HotUpgrade.class);

    /** The socket file's name, in {@code uds_dir} or the distribution's {@code logs/}. */
    public static final String SOCKET_FILE = "mosn4j-upgrade.sock";
    /** The longest wait for each step of the conversation. */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);
    /** What Linux allows in a Unix socket's path ({@code sun_path}, with its terminating zero). */
    private static final int MAX_SOCKET_PATH_BYTES = 107;

    /** Neither offers nor takes over. */
    public static final HotUpgrade OFF = new HotUpgrade(null, false, false, () -> { });

    private final Path socket;
    private final boolean offer;
    private final boolean takeOver;
    private final Runnable onHandedOver;

    private HotUpgrade(Path socket, boolean offer, boolean takeOver, Runnable onHandedOver) {
        this.socket = socket;
        this.offer = offer;
        this.takeOver = takeOver;
        this.onHandedOver = onHandedOver;
    }

    /**
     * The settings of a process: the socket is {@code uds_dir}/{@value #SOCKET_FILE} when the config sets
     * {@code uds_dir}, else {@code home/logs/}{@value #SOCKET_FILE} when the process runs from a distribution,
     * else there is none. {@code disable_upgrade: true} keeps the process from offering its sockets.
     *
     * @param config the config
     * @param home the distribution's directory ({@code mosn4j.home}), or null
     * @param takeOver whether to take the sockets over from the running process ({@code --upgrade})
     * @return the settings
     */
    public static HotUpgrade forProcess(MosnConfig config, String home, boolean takeOver) {
        Path socket = null;
        if (config.udsDir() != null && !config.udsDir().isBlank()) {
            socket = Path.of(config.udsDir(), SOCKET_FILE);
        } else if (home != null) {
            socket = Path.of(home, "logs", SOCKET_FILE);
        }
        return new HotUpgrade(socket, !Boolean.TRUE.equals(config.disableUpgrade()), takeOver, () -> { });
    }

    /** @return offering the sockets at {@code socket}, taking none over */
    public static HotUpgrade at(Path socket) {
        return new HotUpgrade(socket, true, false, () -> { });
    }

    /** @return these settings, taking the sockets over from the process offering them at the socket first */
    public HotUpgrade takingOver() {
        return new HotUpgrade(socket, offer, true, onHandedOver);
    }

    /**
     * @param hook runs in this process once a successor took its sockets over, before the successor hears so
     *             (on the handover thread)
     * @return these settings with the hook
     */
    public HotUpgrade whenHandedOver(Runnable hook) {
        return new HotUpgrade(socket, offer, takeOver, hook);
    }

    /** @return the socket, or null when there is none */
    public Path socket() {
        return socket;
    }

    /**
     * Takes the listening sockets over from the process offering them at the socket, when asked to.
     *
     * @param transport this process's transport
     * @param group event loops for the conversation
     * @param wanted every socket this process is about to listen on
     * @return the sockets taken, or {@link InheritedSockets#NONE} when not taking over
     * @throws HandoverException when asked to take over and that fails; the running process is untouched
     */
    public InheritedSockets takeOver(Transport transport, EventLoopGroup group, List<SocketKey> wanted)
            throws HandoverException {
        if (!takeOver) {
            return InheritedSockets.NONE;
        }
        if (transport != Transport.EPOLL) {
            throw new HandoverException("hot upgrade needs the epoll transport, which passes listening sockets"
                    + " between processes; this process uses " + transport.displayName()
                    + (Transport.epollUnavailabilityCause() != null ? " (epoll unavailable: "
                            + Transport.epollUnavailabilityCause() + ")" : "")
                    + "; stop the running mosn4j and start this one instead");
        }
        if (socket == null) {
            throw new HandoverException("hot upgrade: no socket to find the running mosn4j at; set uds_dir in the"
                    + " config, or start through bin/start.sh");
        }
        checkLength(socket);
        ListenerHandoverClient client = ListenerHandoverClient.connect(socket, group, STEP_TIMEOUT);
        try {
            return client.takeOver(wanted);
        } catch (HandoverException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Offers this process's sockets at the socket, unless switched off. A failure is logged: the process runs
     * without hot upgrade then.
     *
     * @return the handover server, or null when not offering
     */
    public ListenerHandoverServer offer(Transport transport, EventLoopGroup group, Predecessor predecessor) {
        if (!offer || socket == null) {
            LOG.debug("hot upgrade off: {}", socket == null ? "no uds_dir and no mosn4j.home" : "disable_upgrade is true");
            return null;
        }
        if (transport != Transport.EPOLL) {
            LOG.info("hot upgrade off: it needs the epoll transport, this process uses {}", transport.displayName());
            return null;
        }
        try {
            checkLength(socket);
            return ListenerHandoverServer.listen(socket, group, new Predecessor() {
                @Override
                public List<OfferedSocket> offeredSockets() {
                    return predecessor.offeredSockets();
                }

                @Override
                public void stopAccepting() {
                    predecessor.stopAccepting();
                    onHandedOver.run();
                }

                @Override
                public void drain() {
                    predecessor.drain();
                }
            });
        } catch (IOException | HandoverException e) {
            LOG.warn("hot upgrade off: {}", e.getMessage());
            return null;
        }
    }

    private static void checkLength(Path socket) throws HandoverException {
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            throw new HandoverException("hot upgrade: the socket path " + socket + " is " + bytes + " bytes, over the "
                    + MAX_SOCKET_PATH_BYTES + " a Unix socket allows; set uds_dir to a shorter directory");
        }
    }
}
