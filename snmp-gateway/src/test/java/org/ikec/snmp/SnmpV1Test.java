package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SNMPv1 has no Counter64: a v1 GETNEXT skips to the next object v1 can carry and a v1 GET of a
 * Counter64 instance returns noSuchName (RFC 3584 §4.2.2.1).
 */
class SnmpV1Test {

    private static final String IKE_ENTRY = "1.3.6.1.4.1.2636.3.22.1.2.1.1";
    private static final String INDEX = "4.115.115.45.97.1.4.192.0.2.9.300";

    private SnmpGateway gateway;

    @BeforeEach
    void startAgent() throws Exception {
        NetSnmp.requireTools();
        gateway = SnmpGateway.start(new AgentSettings("127.0.0.1", 0, "public", List.of()), "test-gateway");
        gateway.rows().put("node-a", TestSas.sa("0000000000000002", "ss-a", "192.0.2.9:500", 300));
        gateway.rows().put("node-a", TestSas.sa("0000000000000003", "ss-a", "192.0.2.10:500", 301));
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void v1WalkSkipsCounter64Columns() throws Exception {
        NetSnmp.Result walk = NetSnmp.run(List.of("snmpwalk", "-v1", "-c", "public",
                "127.0.0.1:" + gateway.port(), ".1.3.6.1.4.1.2636.3.22"));

        assertThat(walk.exitCode()).as(walk.errors()).isZero();
        // A v1 walk ends when GETNEXT returns noSuchName, which net-snmp prints as "End of MIB".
        List<String> lines = walk.lines().subList(0, walk.lines().size() - 1);
        assertThat(walk.lines().get(lines.size())).isEqualTo("End of MIB");
        SortedWalkTest.assertStrictlyIncreasing(lines);
        assertThat(lines).noneMatch(line -> line.contains("Counter64"));
        assertThat(lines).noneMatch(line -> line.startsWith("." + IKE_ENTRY + ".22."));
        assertThat(lines).anyMatch(line -> line.startsWith("." + IKE_ENTRY + ".23." + INDEX + " "));
        // 2 SAs: 22 IKE tunnel cells (24 less 2 Counter64), 11 IPsec tunnel cells (26 less 15), 12 SA cells.
        assertThat(lines).hasSize(2 * (22 + 11 + 12));
    }

    @Test
    void v1GetNextSkipsCounter64Column() throws Exception {
        NetSnmp.Result next = NetSnmp.run(List.of("snmpgetnext", "-v1", "-c", "public",
                "127.0.0.1:" + gateway.port(), "." + IKE_ENTRY + ".21.4.115.115.45.97.1.4.192.0.2.10.301"));

        assertThat(next.lines()).containsExactly("." + IKE_ENTRY + ".23." + INDEX + " = Counter32: 5");
    }

    @Test
    void v1GetOfCounter64AnswersNoSuchName() throws Exception {
        NetSnmp.Result get = NetSnmp.run(List.of("snmpget", "-v1", "-c", "public",
                "127.0.0.1:" + gateway.port(), "." + IKE_ENTRY + ".23." + INDEX, "." + IKE_ENTRY + ".22." + INDEX));

        assertThat(get.exitCode()).isNotZero();
        assertThat(get.errors() + String.join("\n", get.lines())).contains("(noSuchName)")
                .contains("Failed object: ." + IKE_ENTRY + ".22." + INDEX);
        assertThat(gateway.counters().snapshot().noSuchNames()).isEqualTo(1);
    }

    @Test
    void v2cGetOfCounter64ReturnsValue() throws Exception {
        NetSnmp.Result get = NetSnmp.run(List.of("snmpget", "-v2c", "-c", "public",
                "127.0.0.1:" + gateway.port(), "." + IKE_ENTRY + ".22." + INDEX));

        assertThat(get.lines()).containsExactly("." + IKE_ENTRY + ".22." + INDEX + " = Counter64: 5000000000");
    }

    @Test
    void wrongCommunityIsDroppedAndCounted() throws Exception {
        NetSnmp.Result get = NetSnmp.run(List.of("snmpget", "-v2c", "-c", "private",
                "127.0.0.1:" + gateway.port(), ".1.3.6.1.2.1.1.5.0"));

        assertThat(get.exitCode()).isNotZero();
        assertThat(get.errors() + String.join("\n", get.lines())).contains("Timeout");
        assertThat(gateway.counters().snapshot().inBadCommunityNames()).isEqualTo(2);
    }

    @Test
    void requestsAreCountedByPduType() throws Exception {
        String agent = "127.0.0.1:" + gateway.port();
        NetSnmp.run(List.of("snmpget", "-v2c", "-c", "public", agent, ".1.3.6.1.2.1.1.5.0"));
        NetSnmp.run(List.of("snmpgetnext", "-v2c", "-c", "public", agent, ".1.3.6.1.2.1.1.5.0"));
        NetSnmp.run(List.of("snmpbulkget", "-v2c", "-c", "public", "-Cr3", agent, "." + IKE_ENTRY));
        NetSnmp.run(List.of("snmpset", "-v2c", "-c", "public", agent, ".1.3.6.1.2.1.1.5.0", "s", "renamed"));

        AgentCounters.Snapshot counters = gateway.counters().snapshot();
        assertThat(counters.inGetRequests()).isEqualTo(1);
        assertThat(counters.inGetNexts()).isEqualTo(1);
        assertThat(counters.inGetBulks()).isEqualTo(1);
        assertThat(counters.inSetRequests()).isEqualTo(1);
        assertThat(counters.inPkts()).isEqualTo(4);
    }

    @Test
    void setIsRejectedAsNotWritable() throws Exception {
        NetSnmp.Result set = NetSnmp.run(List.of("snmpset", "-v2c", "-c", "public",
                "127.0.0.1:" + gateway.port(), ".1.3.6.1.2.1.1.5.0", "s", "renamed"));

        assertThat(set.exitCode()).isNotZero();
        assertThat(set.errors() + String.join("\n", set.lines())).contains("Reason: notWritable");
        assertThat(gateway.counters().snapshot().notWritables()).isEqualTo(1);
    }
}
