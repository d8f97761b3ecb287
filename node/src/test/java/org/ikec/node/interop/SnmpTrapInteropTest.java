package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A strongSwan 5.9.8 peer brings a tunnel up and down, and net-snmp's snmptrapd, next to the node,
 * receives the node's SNMP gateway's tunnel up and tunnel down notifications as SNMPv2c and as
 * SNMPv3 traps. The node's IKE traffic counters in jnxIkeTunnelTable count the handshake.
 */
@Tag("interop")
@RequiresLab
class SnmpTrapInteropTest {

    private static final String PSK = "interop-psk-93d1c07a5e2b48f6";
    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final int SNMP_PORT = 16100;
    private static final int TRAP_PORT = 10162;
    private static final String TRAP_USER = "trapuser";
    private static final String TRAP_AUTH = "trap-auth-secret";
    private static final String TRAP_PRIV = "trap-priv-secret";
    private static final String OBJECTS = ".1.3.6.1.4.1.2636.3.52.1.0.1.";
    private static final String IKE_ENTRY = ".1.3.6.1.4.1.2636.3.22.1.2.1.1.";
    private static final Pattern ENGINE_ID = Pattern.compile("SNMPv3 engine ID ([0-9a-f]+)");
    private static final Duration TRAP_WAIT = Duration.ofSeconds(15);
    private static final Path SNMPTRAPD = Path.of("/usr/sbin/snmptrapd");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    /** Fails under CI=true and skips otherwise when snmptrapd (Debian package snmptrapd) is missing. */
    private static void requireSnmptrapd() {
        boolean present = Files.isExecutable(SNMPTRAPD);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("snmptrapd is missing at " + SNMPTRAPD + "; run deploy/install-test-deps.sh as root");
        }
        Assumptions.assumeTrue(present, "snmptrapd (Debian package snmptrapd) is not installed");
    }

    @Test
    void tunnelUpAndDownAreTrapped() throws Exception {
        requireSnmptrapd();
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            String snmp = """
                    snmp {
                      enabled = true, address = "127.0.0.1", port = %d, community = "public"
                      users = [ { name = "%s", auth-password = "%s", priv-password = "%s" } ]
                      trap-receivers = [
                        { address = "127.0.0.1", port = %d, version = v2c, community = "trap-community" }
                        { address = "127.0.0.1", port = %d, version = v3, user = "%s" }
                      ]
                    }
                    """.formatted(SNMP_PORT, TRAP_USER, TRAP_AUTH, TRAP_PRIV, TRAP_PORT, TRAP_PORT, TRAP_USER);
            NodeConfig config = new NodeConfig(List.of(topology.responderAddress()), 500, 4500, 7500, "rw",
                    List.of(PROPOSAL), NODE_ID, "%any", "net",
                    List.of(topology.responderInnerSubnet()), List.of(topology.initiatorInnerSubnet()),
                    List.of("aes256gcm16"), PSK, List.of(), "", "", snmp);
            ConcentratorNode node = ConcentratorNode.start(lab, topology.responderNamespace(), config);
            String engineId = Waits.until("the node to log its SNMPv3 engine ID", Duration.ofSeconds(10),
                    () -> engineId(node.output()), node::outputWithHeader);
            LabProcess trapd = startTrapd(lab, topology.responderNamespace(), engineId);

            StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "strongswan");
            strongSwan.start();
            strongSwan.loadConfig(SwanctlConfig.builder("lab", "net")
                    .localAddrs(topology.initiatorAddress())
                    .remoteAddrs(topology.responderAddress())
                    .proposals(PROPOSAL)
                    .espProposals("aes256gcm16")
                    .localId(CLIENT_ID)
                    .remoteId(NODE_ID)
                    .psk(PSK)
                    .localTs(topology.initiatorInnerSubnet())
                    .remoteTs(topology.responderInnerSubnet())
                    .startAction("none")
                    .build());
            strongSwan.initiate("net");

            ClusterSa sa = Waits.until("the node to list the IKE SA with a tunnel index", Duration.ofSeconds(10),
                    () -> node.listClusterSas().stream().filter(s -> s.tunnelIndex() != null).findFirst(),
                    node::outputWithHeader);
            String row = "2.114.119.1.4." + topology.initiatorAddress() + "." + sa.tunnelIndex();
            List<String> up = Waits.until("two tunnel up notifications", TRAP_WAIT,
                    () -> notifications(trapd, 2), () -> output(trapd));

            assertThat(up).anyMatch(line -> line.startsWith("TRAP2, SNMP v2c, community trap-community~"));
            assertThat(up).anyMatch(line -> line.startsWith("TRAP2, SNMP v3, user trapuser, context ~"));
            for (String line : up) {
                assertThat(bindingsOf(line)).containsExactlyElementsOf(
                        expectedBindings(".1.3.6.1.4.1.8072.9999.9999.1.0.1", topology, row));
            }

            // IKE_SA_INIT and IKE_AUTH: two requests in, two responses out, reported within the report interval.
            NetSnmpClient snmpClient = new NetSnmpClient(lab, topology.responderNamespace(), "127.0.0.1:" + SNMP_PORT,
                    "public");
            List<String> counters = Waits.until("the IKE packet counters to count the handshake",
                    Duration.ofSeconds(15), () -> {
                        NetSnmpClient.Result got = snmpClient.get(List.of(IKE_ENTRY + "23." + row, IKE_ENTRY + "25." + row));
                        List<String> values = got.bindings().stream().map(NetSnmpClient.Binding::value).toList();
                        return values.equals(List.of("Counter32: 2", "Counter32: 2")) ? Optional.of(values)
                                : Optional.empty();
                    }, node::outputWithHeader);
            assertThat(counters).containsExactly("Counter32: 2", "Counter32: 2");

            strongSwan.terminateIke("lab");
            List<String> all = Waits.until("two tunnel down notifications", TRAP_WAIT,
                    () -> notifications(trapd, 4), () -> output(trapd));

            for (String line : all.subList(2, 4)) {
                assertThat(bindingsOf(line)).containsExactlyElementsOf(
                        expectedBindings(".1.3.6.1.4.1.2636.3.52.1.0.0.1", topology, row));
            }
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    private static Optional<String> engineId(String nodeOutput) {
        Matcher matcher = ENGINE_ID.matcher(nodeOutput);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private LabProcess startTrapd(NetworkLab lab, String namespace, String engineId) throws IOException {
        Path config = workDir.resolve("snmptrapd.conf");
        Files.writeString(config, "disableAuthorization yes\n"
                + "createUser -e 0x" + engineId + " " + TRAP_USER + " SHA-256 " + TRAP_AUTH + " AES " + TRAP_PRIV + "\n");
        LabProcess trapd = lab.start(namespace, "snmptrapd", List.of(SNMPTRAPD.toString(), "-f", "-Lo", "-C",
                "-c", config.toString(), "-m", "", "-On", "-F", "%P~%V~%v\n", "udp:127.0.0.1:" + TRAP_PORT));
        Waits.until("snmptrapd to start", Duration.ofSeconds(10),
                () -> output(trapd).contains("NET-SNMP version") ? Optional.of(true) : Optional.empty(),
                () -> output(trapd));
        return trapd;
    }

    private static String output(LabProcess process) {
        try {
            return Files.readString(process.outputFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<List<String>> notifications(LabProcess trapd, int count) {
        List<String> lines = output(trapd).lines().filter(line -> line.startsWith("TRAP2, ")).toList();
        return lines.size() >= count ? Optional.of(lines) : Optional.empty();
    }

    /** Splits one snmptrapd line into its bindings after sysUpTime.0, which is checked and left out. */
    private static List<String> bindingsOf(String line) {
        List<String> parts = Arrays.asList(line.split("~"));
        assertThat(parts.get(1)).startsWith(".1.3.6.1.2.1.1.3.0 = Timeticks: (");
        return parts.subList(2, parts.size());
    }

    private static List<String> expectedBindings(String trapOid, LabTopology topology, String row) {
        return List.of(
                ".1.3.6.1.6.3.1.1.4.1.0 = OID: " + trapOid,
                OBJECTS + "1.0 = INTEGER: 1",
                OBJECTS + "2.0 = Hex-STRING: " + hex(topology.initiatorAddress()),
                // strongSwan sends IKE_AUTH from and to port 4500 although no NAT is present, as RFC 7296 §2.23 allows.
                OBJECTS + "3.0 = Gauge32: 4500",
                OBJECTS + "4.0 = INTEGER: 1",
                OBJECTS + "5.0 = Hex-STRING: " + hex(topology.responderAddress()),
                OBJECTS + "6.0 = Gauge32: 4500",
                OBJECTS + "7.0 = \"\"",
                OBJECTS + "8.0 = INTEGER: 2",
                OBJECTS + "9.0 = STRING: \"" + NODE_ID + "\"",
                OBJECTS + "10.0 = INTEGER: 2",
                OBJECTS + "11.0 = STRING: \"" + CLIENT_ID + "\"",
                OBJECTS + "12.0 = \"\"",
                OBJECTS + "13.0 = STRING: \"rw\"",
                IKE_ENTRY + "2." + row + " = INTEGER: 2");
    }

    /** Returns an IPv4 address as net-snmp prints it in a Hex-STRING, such as {@code C0 00 02 01 }. */
    private static String hex(String address) {
        StringBuilder text = new StringBuilder();
        for (String part : address.split("\\.")) {
            text.append(String.format("%02X ", Integer.parseInt(part)));
        }
        return text.toString();
    }
}
