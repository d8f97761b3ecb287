package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.ikec.cluster.SaSnapshot;
import org.ikec.snmp.TrapReceiverSettings.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tunnel up and tunnel down notifications as net-snmp's snmptrapd receives them, once as an
 * SNMPv2c trap and once as an SNMPv3 trap at authPriv, with every variable binding checked.
 */
class TunnelTrapTest {

    /** A name as long as a node's address, which is what a node passes as the system name. */
    private static final String SYSTEM_NAME = "pekko://ikec@198.51.100.250:25520";
    private static final UsmUserSettings TRAP_USER = new UsmUserSettings("trapuser", "trap-auth-secret",
            "trap-priv-secret");
    private static final String ROW = "4.115.115.45.97.1.4.192.0.2.9.300";
    private static final String OBJECTS = ".1.3.6.1.4.1.2636.3.52.1.0.1.";

    private Snmptrapd trapd;
    private SnmpGateway gateway;

    @BeforeEach
    void start() throws Exception {
        Snmptrapd.require();
        byte[] engineId = TrapSender.engineIdOf(SYSTEM_NAME);
        trapd = Snmptrapd.start(engineId, TRAP_USER.name(), TRAP_USER.authPassword(), TRAP_USER.privPassword());
        NotificationSettings notifications = new NotificationSettings(List.of(
                new TrapReceiverSettings("127.0.0.1", trapd.port(), Version.V2C, "trap-community", null),
                new TrapReceiverSettings("127.0.0.1", trapd.port(), Version.V3, null, TRAP_USER.name())), 50);
        gateway = SnmpGateway.start(new AgentSettings("127.0.0.1", 0, "public", List.of(TRAP_USER), notifications),
                SYSTEM_NAME);
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (trapd != null) {
            trapd.close();
        }
    }

    private static List<String> expectedBindings(String trapOid) {
        return List.of(
                ".1.3.6.1.6.3.1.1.4.1.0 = OID: " + trapOid,
                OBJECTS + "1.0 = INTEGER: 1",
                OBJECTS + "2.0 = Hex-STRING: C0 00 02 09 ",
                OBJECTS + "3.0 = Gauge32: 500",
                OBJECTS + "4.0 = INTEGER: 1",
                OBJECTS + "5.0 = Hex-STRING: C6 33 64 FA ",
                OBJECTS + "6.0 = Gauge32: 4500",
                OBJECTS + "7.0 = \"\"",
                OBJECTS + "8.0 = INTEGER: 2",
                OBJECTS + "9.0 = STRING: \"vpn.example.org\"",
                OBJECTS + "10.0 = INTEGER: 4",
                OBJECTS + "11.0 = STRING: \"client@example.org\"",
                OBJECTS + "12.0 = \"\"",
                OBJECTS + "13.0 = STRING: \"ss-a\"",
                ".1.3.6.1.4.1.2636.3.22.1.2.1.1.2." + ROW + " = INTEGER: 2");
    }

    /** Splits one snmptrapd line into its security part and its bindings, sysUpTime.0 checked and left out. */
    private static List<String> bindingsOf(String line) {
        List<String> parts = Arrays.asList(line.split("~"));
        assertThat(parts.get(1)).startsWith(".1.3.6.1.2.1.1.3.0 = Timeticks: (");
        return parts.subList(2, parts.size());
    }

    @Test
    void tunnelUpAndDownReachBothReceivers() throws Exception {
        gateway.rows().put("node-a", TestSas.sa("0000000000000002", "ss-a", "192.0.2.9:500", 300));
        List<String> up = trapd.awaitNotifications(2, Duration.ofSeconds(10));

        assertThat(up).hasSize(2);
        assertThat(up).anyMatch(line -> line.startsWith("TRAP2, SNMP v2c, community trap-community~"));
        assertThat(up).anyMatch(line -> line.startsWith("TRAP2, SNMP v3, user trapuser, context ~"));
        for (String line : up) {
            assertThat(bindingsOf(line)).containsExactlyElementsOf(
                    expectedBindings(".1.3.6.1.4.1.8072.9999.9999.1.0.1"));
        }

        gateway.rows().remove("node-a", "0000000000000002");
        List<String> all = trapd.awaitNotifications(4, Duration.ofSeconds(15));

        assertThat(all).hasSize(4);
        for (String line : all.subList(2, 4)) {
            assertThat(bindingsOf(line)).containsExactlyElementsOf(expectedBindings(".1.3.6.1.4.1.2636.3.52.1.0.0.1"));
        }
        assertThat(gateway.notifier().counters()).isEqualTo(new TunnelNotifier.Counters(2, 0, 0));
    }

    @Test
    void budgetDropsExcessNotifications() throws Exception {
        NotificationSettings oneASecond = new NotificationSettings(List.of(
                new TrapReceiverSettings("127.0.0.1", trapd.port(), Version.V2C, "trap-community", null)), 1);
        // A stopped clock puts the three tunnels into one second of the budget.
        Clock stopped = Clock.fixed(Instant.parse("2026-01-01T00:00:00.500Z"), ZoneOffset.UTC);
        try (TunnelNotifier limited = TunnelNotifier.start(new AgentSettings("127.0.0.1", 0, "public", List.of(),
                oneASecond), SYSTEM_NAME, () -> 100, stopped)) {
            for (int tunnel = 0; tunnel < 3; tunnel++) {
                SaSnapshot sa = TestSas.sa("000000000000000" + tunnel, "ss-a", "192.0.2." + (9 + tunnel) + ":500",
                        300 + tunnel);
                limited.tunnelAdded(TunnelRows.of(sa).tunnelIndex(), sa);
            }
            List<String> received = trapd.awaitNotifications(1, Duration.ofSeconds(10));

            assertThat(received).hasSize(1);
            assertThat(awaitCounters(limited, 3)).isEqualTo(new TunnelNotifier.Counters(1, 2, 0));
        }
    }

    /** Waits until the notifier has handled {@code events} tunnel events; returns its counters. */
    private static TunnelNotifier.Counters awaitCounters(TunnelNotifier notifier, int events)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        TunnelNotifier.Counters counters = notifier.counters();
        while (counters.sent() + counters.dropped() + counters.failed() < events && System.nanoTime() < end) {
            Thread.sleep(20);
            counters = notifier.counters();
        }
        return counters;
    }

    @Test
    void engineIdHashesSystemName() {
        byte[] engineId = TrapSender.engineIdOf(SYSTEM_NAME);

        assertThat(engineId).hasSize(21);
        assertThat(java.util.HexFormat.of().formatHex(engineId, 0, 5)).isEqualTo("8000137005");
        assertThat(gateway.notifier().engineId()).isEqualTo(engineId);
    }

    @Test
    void rowBackWithinSettleTimeSendsNothing() throws Exception {
        gateway.rows().put("node-a", TestSas.sa("0000000000000002", "ss-a", "192.0.2.9:500", 300));
        trapd.awaitNotifications(2, Duration.ofSeconds(10));

        gateway.rows().remove("node-a", "0000000000000002");
        gateway.rows().put("node-b", TestSas.sa("0000000000000002", "ss-a", "192.0.2.9:500", 300));
        Thread.sleep(TunnelNotifier.DOWN_SETTLE_TIME.plusSeconds(1).toMillis());

        assertThat(trapd.notifications()).hasSize(2);
        assertThat(gateway.notifier().counters()).isEqualTo(new TunnelNotifier.Counters(1, 0, 0));
    }
}
