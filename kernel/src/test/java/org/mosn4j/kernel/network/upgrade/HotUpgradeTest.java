package org.mosn4j.kernel.network.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mosn4j.kernel.config.ConfigLoader;
import org.mosn4j.kernel.config.MosnConfig;
import org.mosn4j.kernel.network.Transport;

class HotUpgradeTest {

    @TempDir
    Path dir;

    private static MosnConfig config(String topLevel) throws Exception {
        return ConfigLoader.parse("{" + topLevel + "\"servers\": [{\"listeners\": []}]}", null).config();
    }

    @Test
    void theSocketIsInUdsDirElseInTheDistributionsLogs() throws Exception {
        assertEquals(Path.of("/run/mosn", HotUpgrade.SOCKET_FILE),
                HotUpgrade.forProcess(config("\"uds_dir\": \"/run/mosn\","), "/opt/mosn4j", false).socket());
        assertEquals(Path.of("/opt/mosn4j/logs", HotUpgrade.SOCKET_FILE),
                HotUpgrade.forProcess(config(""), "/opt/mosn4j", false).socket());
        assertNull(HotUpgrade.forProcess(config(""), null, false).socket());
    }

    @Test
    void notTakingOverInheritsNothing() throws Exception {
        assertSame(InheritedSockets.NONE, HotUpgrade.forProcess(config(""), null, false)
                .takeOver(Transport.NIO, null, List.of()));
    }

    @Test
    void takingOverWithoutASocketSaysWhereToSetIt() throws Exception {
        HandoverException e = assertThrows(HandoverException.class, () -> HotUpgrade.forProcess(config(""), null, true)
                .takeOver(Transport.EPOLL, null, List.of()));
        assertEquals("hot upgrade: no socket to find the running mosn4j at; set uds_dir in the config, or start through"
                + " bin/start.sh", e.getMessage());
    }

    @Test
    void takingOverNeedsEpoll() {
        HandoverException e = assertThrows(HandoverException.class, () -> HotUpgrade.at(dir.resolve("s.sock"))
                .takingOver().takeOver(Transport.NIO, null, List.of()));
        assertTrue(e.getMessage().startsWith("hot upgrade needs the epoll transport, which passes listening sockets"
                + " between processes; this process uses nio"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; stop the running mosn4j and start this one instead"), e.getMessage());
    }

    @Test
    void aSocketPathTooLongForUnixIsRefusedWithTheFix() {
        Path deep = dir.resolve("d".repeat(120)).resolve(HotUpgrade.SOCKET_FILE);
        HandoverException e = assertThrows(HandoverException.class, () -> HotUpgrade.at(deep).takingOver()
                .takeOver(Transport.EPOLL, null, List.of()));
        assertTrue(e.getMessage().endsWith("over the 107 a Unix socket allows; set uds_dir to a shorter directory"),
                e.getMessage());
    }

    @Test
    void disableUpgradeOffersNothing() throws Exception {
        HotUpgrade upgrade = HotUpgrade.forProcess(config("\"disable_upgrade\": true, \"uds_dir\": \"" + dir + "\","),
                null, false);
        assertNull(upgrade.offer(Transport.EPOLL, null, null));
        assertTrue(Files.notExists(upgrade.socket()));
        assertNull(HotUpgrade.at(dir.resolve("nio.sock")).offer(Transport.NIO, null, null));
    }
}
