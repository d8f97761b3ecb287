package org.ikec.node.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.ikec.node.metrics.TestNode;
import org.ikec.node.metrics.UdpIkeClient;
import org.junit.jupiter.api.Test;

/** Changes the ike group's level on a running node and checks which handshake lines are logged. */
class LogLevelsTest {

    private static final String DEBUG_IKE = "DEBUG [ike]";

    @Test
    void ikeLevelChangesAtRunTime() throws Exception {
        try (CapturedLog log = new CapturedLog(); TestNode node = TestNode.start("format = text")) {
            assertThat(LogLevels.current().get("ike")).isEqualTo("INFO");

            LogLevels.set("ike", "debug");
            int before = log.lines().size();
            handshake(node);
            List<String> atDebug = log.lines().subList(before, log.lines().size());

            assertThat(LogLevels.current().get("ike")).isEqualTo("DEBUG");
            assertThat(atDebug).anyMatch(line -> line.contains(DEBUG_IKE) && line.contains("IKE_SA_INIT answered"));

            LogLevels.set("ike", "INFO");
            before = log.lines().size();
            handshake(node);
            List<String> atInfo = log.lines().subList(before, log.lines().size());

            assertThat(LogLevels.current().get("ike")).isEqualTo("INFO");
            assertThat(atInfo).noneMatch(line -> line.contains(DEBUG_IKE));
            assertThat(atInfo).anyMatch(line -> line.contains("INFO  [ike]") && line.contains("IKE SA established"));
        }
    }

    @Test
    void currentListsEverySubsystem() {
        assertThat(LogLevels.current().keySet()).containsExactly("ike", "enc", "net", "cfg", "cluster", "snmp", "radius");
    }

    @Test
    void unknownSubsystemIsRejected() {
        assertThatThrownBy(() -> LogLevels.set("dns", "DEBUG"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown log subsystem 'dns'; expected one of ike, enc, net, cfg, cluster, snmp, radius");
    }

    @Test
    void unknownLevelIsRejected() {
        assertThatThrownBy(() -> LogLevels.set("ike", "verbose"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown log level 'verbose'; expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
    }

    private static void handshake(TestNode node) throws Exception {
        try (UdpIkeClient client = new UdpIkeClient(node.ike, TestNode.PROPOSAL, TestNode.PSK,
                ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))) {
            assertThat(client.connect()).as("IKE SA").isPresent();
        }
    }
}
