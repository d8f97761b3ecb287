package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.ikec.cluster.IkeAuthMethod;
import org.ikec.cluster.SaSnapshot;
import org.ikec.protocol.ike.IkeTraffic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IKE traffic counters, lifetimes and authentication method of a tunnel as net-snmp's
 * snmpget reads them: jnxIkeTunnelTable columns 19-25 and jnxIpSecSaTable columns 10 and 13.
 */
class IkeTunnelColumnsTest {

    private static final String IKE_ENTRY = "1.3.6.1.4.1.2636.3.22.1.2.1.1";
    private static final String SA_ENTRY = "1.3.6.1.4.1.2636.3.22.1.3.2.1";
    /** "ss-a", ipv4, 192.0.2.9, tunnel 300. */
    private static final String INDEX = "4.115.115.45.97.1.4.192.0.2.9.300";

    private SnmpGateway gateway;

    @BeforeEach
    void startAgent() throws Exception {
        NetSnmp.requireTools();
        gateway = SnmpGateway.start(new AgentSettings("127.0.0.1", 0, "public", List.of()), "test-gateway");
        gateway.rows().put("node-a", TestSas.sa("0000000000000002", "ss-a", "192.0.2.9:500", 300));
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private List<String> get(String... instances) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("snmpget", "-v2c", "-c", "public",
                "127.0.0.1:" + gateway.port()));
        command.addAll(List.of(instances));
        NetSnmp.Result get = NetSnmp.run(command);
        assertThat(get.exitCode()).as(get.errors()).isZero();
        return get.lines().stream().map(NetSnmp::valueOf).toList();
    }

    @Test
    void countersServeSnapshotTraffic() throws Exception {
        List<String> values = get("." + IKE_ENTRY + ".22." + INDEX, "." + IKE_ENTRY + ".23." + INDEX,
                "." + IKE_ENTRY + ".24." + INDEX, "." + IKE_ENTRY + ".25." + INDEX);

        // In packets are 2^32 + 5, so the Counter32 column has wrapped to 5.
        assertThat(values).containsExactly("Counter64: 5000000000", "Counter32: 5", "Counter64: 6000000000",
                "Counter32: 12");
    }

    @Test
    void countersFollowNewSnapshot() throws Exception {
        SaSnapshot first = TestSas.sa("0000000000000002", "ss-a", "192.0.2.9:500", 300);
        gateway.rows().put("node-a", withTraffic(first, new IkeTraffic(1_516, 4, 1_388, 5)));

        List<String> values = get("." + IKE_ENTRY + ".22." + INDEX, "." + IKE_ENTRY + ".23." + INDEX,
                "." + IKE_ENTRY + ".24." + INDEX, "." + IKE_ENTRY + ".25." + INDEX);

        assertThat(values).containsExactly("Counter64: 1516", "Counter32: 4", "Counter64: 1388", "Counter32: 5");
    }

    @Test
    void lifetimesAndAuthMethodServeSnapshot() throws Exception {
        List<String> values = get("." + IKE_ENTRY + ".19." + INDEX, "." + IKE_ENTRY + ".20." + INDEX,
                "." + SA_ENTRY + ".10." + INDEX + ".1", "." + SA_ENTRY + ".13." + INDEX + ".1");

        // preSharedKey(1), IKE rekey time 8 h, CHILD life time 66 min, CHILD rekey time 1 h
        assertThat(values).containsExactly("INTEGER: 1", "INTEGER: 28800", "INTEGER: 3960", "INTEGER: 3600");
    }

    @Test
    void certificateSignaturesServeTheirKeyKind() throws Exception {
        SaSnapshot base = TestSas.sa("0000000000000002", "ss-a", "192.0.2.9:500", 300);
        gateway.rows().put("node-a", withAuthMethod(base, IkeAuthMethod.ECDSA_384_SIGNATURE));
        String ecdsa384 = get("." + IKE_ENTRY + ".19." + INDEX).get(0);
        gateway.rows().put("node-a", withAuthMethod(base, IkeAuthMethod.RSA_SIGNATURE));
        String rsa = get("." + IKE_ENTRY + ".19." + INDEX).get(0);
        gateway.rows().put("node-a", withAuthMethod(base, IkeAuthMethod.EAP));
        String eap = get("." + IKE_ENTRY + ".19." + INDEX).get(0);

        // ecdsa384Signature(12), rsaSignature(3); EAP has no code in JnxIkeAuthMethod
        assertThat(ecdsa384).isEqualTo("INTEGER: 12");
        assertThat(rsa).isEqualTo("INTEGER: 3");
        assertThat(eap).isEqualTo("INTEGER: 0");
    }

    @Test
    void counter32KeepsLow32Bits() {
        assertThat(TunnelRows.counter32(4_294_967_295L).getValue()).isEqualTo(4_294_967_295L);
        assertThat(TunnelRows.counter32(4_294_967_296L).getValue()).isZero();
        assertThat(TunnelRows.counter32(8_589_934_593L).getValue()).isEqualTo(1);
    }

    private static SaSnapshot withAuthMethod(SaSnapshot sa, IkeAuthMethod method) {
        return new SaSnapshot(sa.id(), sa.node(), sa.connection(), sa.tunnelIndex(), sa.state(), sa.initiator(),
                sa.spiI(), sa.spiR(), sa.localAddress(), sa.remoteAddress(), sa.localId(), sa.remoteId(),
                sa.proposal(), sa.establishedAt(), sa.ikeLifetimeSeconds(), method, sa.ikeTraffic(), sa.children());
    }

    private static SaSnapshot withTraffic(SaSnapshot sa, IkeTraffic traffic) {
        return new SaSnapshot(sa.id(), sa.node(), sa.connection(), sa.tunnelIndex(), sa.state(), sa.initiator(),
                sa.spiI(), sa.spiR(), sa.localAddress(), sa.remoteAddress(), sa.localId(), sa.remoteId(),
                sa.proposal(), sa.establishedAt(), sa.ikeLifetimeSeconds(), sa.authMethod(), traffic, sa.children());
    }
}
