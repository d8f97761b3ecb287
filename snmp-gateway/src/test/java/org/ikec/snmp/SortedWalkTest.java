package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;

/**
 * Walks with net-snmp over rows inserted out of OID order: every GETNEXT must return the exact
 * lexicographic successor (RFC 3416 §4.2.2), with index sub-identifiers compared as unsigned
 * numbers, so .9 < .10 < .200.
 */
class SortedWalkTest {

    private static final String IKE_ENTRY = "1.3.6.1.4.1.2636.3.22.1.2.1.1";
    // "ss-a" and "ss-b" as SMIv2 OCTET STRING indexes: length, then one sub-identifier per octet.
    private static final String SS_A = "4.115.115.45.97";
    private static final String SS_B = "4.115.115.45.98";

    static final String END_OF_VIEW = "= No more variables left in this MIB View (It is past the end of the MIB tree)";

    private SnmpGateway gateway;

    @BeforeEach
    void startAgent() throws Exception {
        NetSnmp.requireTools();
        gateway = SnmpGateway.start(new AgentSettings("127.0.0.1", 0, "public", List.of()), "test-gateway");
        gateway.rows().put("node-a", TestSas.sa("0000000000000001", "ss-b", "192.0.2.200:500", 7));
        gateway.rows().put("node-a", TestSas.sa("0000000000000002", "ss-a", "192.0.2.9:500", 300));
        gateway.rows().put("node-b", TestSas.sa("0000000000000003", "ss-b", "198.51.100.1:4500", 5));
        gateway.rows().put("node-b", TestSas.sa("0000000000000004", "ss-a", "192.0.2.10:500", 2));
        gateway.rows().put("node-a", TestSas.sa("0000000000000005", "ss-a", "2001:db8::5:500", 9));
        gateway.rows().put("node-b", TestSas.sa("0000000000000006", "ss-b", "192.0.2.9:500", 2147483647));
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void walkReturnsRowsInOidOrder() throws Exception {
        NetSnmp.Result walk = NetSnmp.run(List.of("snmpwalk", "-v2c", "-c", "public",
                "127.0.0.1:" + gateway.port(), "." + IKE_ENTRY + ".2"));

        assertThat(walk.exitCode()).as(walk.errors()).isZero();
        List<String> oids = walk.lines().stream().map(NetSnmp::oidOf).toList();
        assertThat(oids).containsExactly(
                IKE_ENTRY + ".2." + SS_A + ".1.4.192.0.2.9.300",
                IKE_ENTRY + ".2." + SS_A + ".1.4.192.0.2.10.2",
                IKE_ENTRY + ".2." + SS_A + ".2.16.32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.5.9",
                IKE_ENTRY + ".2." + SS_B + ".1.4.192.0.2.9.2147483647",
                IKE_ENTRY + ".2." + SS_B + ".1.4.192.0.2.200.7",
                IKE_ENTRY + ".2." + SS_B + ".1.4.198.51.100.1.5");
    }

    @Test
    void fullWalkIsStrictlyIncreasingAndMatchesGet() throws Exception {
        NetSnmp.Result walk = NetSnmp.run(List.of("snmpwalk", "-v2c", "-c", "public",
                "127.0.0.1:" + gateway.port(), ".1.3.6.1.4.1.2636.3.22"));

        assertThat(walk.exitCode()).as(walk.errors()).isZero();
        List<String> lines = walk.lines().subList(0, walk.lines().size() - 1);
        assertThat(walk.lines().get(lines.size())).endsWith(END_OF_VIEW);
        assertStrictlyIncreasing(lines);
        // 6 SAs: 24 IKE tunnel cells, 26 IPsec tunnel cells and 12 SA cells each.
        assertThat(lines).hasSize(6 * (24 + 26 + 12));

        Map<String, String> walked = new HashMap<>();
        lines.forEach(line -> walked.put(NetSnmp.oidOf(line), NetSnmp.valueOf(line)));
        List<String> oids = new ArrayList<>(walked.keySet());
        for (int from = 0; from < oids.size(); from += 40) {
            List<String> command = new ArrayList<>(List.of("snmpget", "-v2c", "-c", "public",
                    "127.0.0.1:" + gateway.port()));
            oids.subList(from, Math.min(oids.size(), from + 40)).forEach(oid -> command.add("." + oid));
            NetSnmp.Result get = NetSnmp.run(command);

            assertThat(get.exitCode()).as(get.errors()).isZero();
            for (String line : get.lines()) {
                String oid = NetSnmp.oidOf(line);
                if (!oid.endsWith(".21") || !oid.startsWith(IKE_ENTRY + ".21.")) {
                    assertThat(NetSnmp.valueOf(line)).as(oid).isEqualTo(walked.get(oid));
                }
            }
        }
    }

    @Test
    void rowShowsSnapshotValues() throws Exception {
        String index = SS_A + ".1.4.192.0.2.10.2";
        List<String> command = new ArrayList<>(List.of("snmpget", "-v2c", "-c", "public",
                "127.0.0.1:" + gateway.port()));
        for (int column : new int[] {2, 3, 4, 5, 6, 7, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 22, 23}) {
            command.add("." + IKE_ENTRY + "." + column + "." + index);
        }
        command.add(".1.3.6.1.4.1.2636.3.22.1.3.2.1.3." + index + ".1");
        command.add(".1.3.6.1.4.1.2636.3.22.1.3.2.1.14." + index + ".1");
        command.add(".1.3.6.1.4.1.2636.3.22.1.3.1.1.8." + index);

        NetSnmp.Result get = NetSnmp.run(command);

        assertThat(get.exitCode()).as(get.errors()).isZero();
        assertThat(get.lines().stream().map(NetSnmp::valueOf).toList()).containsExactly(
                "INTEGER: 2", "INTEGER: 1", "STRING: \"1111222233334444\"", "STRING: \"5555666677778888\"",
                "INTEGER: 2", "STRING: \"vpn.example.org\"", "Hex-STRING: C6 33 64 FA ", "INTEGER: 4",
                "STRING: \"client@example.org\"", "INTEGER: 1", "Hex-STRING: C0 00 02 0A ", "INTEGER: 3",
                "INTEGER: 19", "INTEGER: 9", "INTEGER: 3", "INTEGER: 1", "Counter64: 5000000000", "Counter32: 5",
                "Gauge32: 3221225473", "INTEGER: 7", "STRING: \"10.1.0.0/16\"");
    }

    @Test
    void getOfMissingInstanceAnswersNoSuchInstance() throws Exception {
        NetSnmp.Result get = NetSnmp.run(List.of("snmpget", "-v2c", "-c", "public", "127.0.0.1:" + gateway.port(),
                "." + IKE_ENTRY + ".2." + SS_A + ".1.4.192.0.2.11.2", "." + IKE_ENTRY + ".1." + SS_A + ".1.4.192.0.2.10.2"));

        assertThat(get.lines()).containsExactly(
                "." + IKE_ENTRY + ".2." + SS_A + ".1.4.192.0.2.11.2 = No Such Instance currently exists at this OID",
                "." + IKE_ENTRY + ".1." + SS_A + ".1.4.192.0.2.10.2 = No Such Object available on this agent at this OID");
    }

    static void assertStrictlyIncreasing(List<String> lines) {
        OID previous = null;
        for (String line : lines) {
            OID oid = new OID(NetSnmp.oidOf(line));
            if (previous != null) {
                assertThat(oid.compareTo(previous)).as("%s after %s", oid, previous).isPositive();
            }
            previous = oid;
        }
    }
}
