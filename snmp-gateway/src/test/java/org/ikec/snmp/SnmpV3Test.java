package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SNMPv3 with USM (RFC 3414), HMAC-SHA-256 authentication (RFC 7860) and AES-128 (RFC 3826). */
class SnmpV3Test {

    private static final String AUTH = "auth-secret-1";
    private static final String PRIV = "priv-secret-1";

    private SnmpGateway gateway;

    @BeforeEach
    void startAgent() throws Exception {
        NetSnmp.requireTools();
        gateway = SnmpGateway.start(new AgentSettings("127.0.0.1", 0, "public",
                List.of(new UsmUserSettings("monitor", AUTH, PRIV))), "test-gateway");
        gateway.rows().put("node-a", TestSas.sa("0000000000000002", "ss-a", "192.0.2.9:500", 300));
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void v3WalkWithConfiguredUserWorks() throws Exception {
        NetSnmp.Result walk = NetSnmp.run(v3("snmpwalk", AUTH, PRIV, ".1.3.6.1.4.1.2636.3.22"));

        assertThat(walk.exitCode()).as(walk.errors()).isZero();
        assertThat(walk.lines()).hasSize(24 + 26 + 12 + 1);
        assertThat(walk.lines().get(0)).isEqualTo(
                ".1.3.6.1.4.1.2636.3.22.1.2.1.1.2.4.115.115.45.97.1.4.192.0.2.9.300 = INTEGER: 2");
    }

    @Test
    void v3WithWrongAuthPasswordFails() throws Exception {
        NetSnmp.Result walk = NetSnmp.run(v3("snmpwalk", "wrong-secret", PRIV, ".1.3.6.1.2.1.1"));

        assertThat(walk.exitCode()).isNotZero();
        assertThat(walk.lines()).noneMatch(line -> line.startsWith(".1.3.6.1.2.1.1.5.0"));
    }

    @Test
    void v3WithoutPrivacyIsRejected() throws Exception {
        NetSnmp.Result get = NetSnmp.run(List.of("snmpget", "-v3", "-l", "authNoPriv", "-u", "monitor",
                "-a", "SHA-256", "-A", AUTH, "127.0.0.1:" + gateway.port(), ".1.3.6.1.2.1.1.5.0"));

        assertThat(get.exitCode()).isNotZero();
        assertThat(get.errors() + String.join("\n", get.lines())).contains("Reason: authorizationError");
        assertThat(gateway.counters().snapshot().authorizationErrors()).isEqualTo(1);
    }

    private List<String> v3(String tool, String auth, String priv, String oid) {
        return List.of(tool, "-v3", "-l", "authPriv", "-u", "monitor", "-a", "SHA-256", "-A", auth,
                "-x", "AES", "-X", priv, "127.0.0.1:" + gateway.port(), oid);
    }
}
