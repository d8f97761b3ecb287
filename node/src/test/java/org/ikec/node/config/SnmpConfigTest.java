package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.ikec.snmp.AgentSettings;
import org.ikec.snmp.NotificationSettings;
import org.ikec.snmp.TrapReceiverSettings;
import org.ikec.snmp.UsmUserSettings;
import org.junit.jupiter.api.Test;

class SnmpConfigTest {

    private static final String VALID = """
            ikec {
              connections {
                rw {
                  proposals = ["aes256gcm16-prfsha256-x25519"]
                  local { auth = psk, id = "gw.ikec.test" }
                  remote { auth = psk, id = "%any" }
                  children { net { local_ts = ["0.0.0.0/0"], esp_proposals = ["aes256gcm16"] } }
                }
              }
              secrets { demo { secret = "s3cret" } }
            }
            """;

    @Test
    void snmpIsDisabledByDefault() {
        NodeConfig config = ConfigLoader.loadText(VALID, ConfigLoader.Overrides.NONE);

        assertThat(config.snmp()).isEmpty();
    }

    @Test
    void enabledSnmpReadsAgentAndUsers() {
        NodeConfig config = ConfigLoader.loadText(VALID + """
                ikec.snmp {
                  enabled = true
                  port = 16161
                  community = "lab"
                  users = [ { name = "ops", auth-password = "auth-secret", priv-password = "priv-secret" } ]
                }
                """, ConfigLoader.Overrides.NONE);

        assertThat(config.snmp()).contains(new AgentSettings("127.0.0.1", 16161, "lab",
                List.of(new UsmUserSettings("ops", "auth-secret", "priv-secret"))));
        assertThat(config.snmp().orElseThrow().toString()).doesNotContain("lab", "auth-secret", "priv-secret");
    }

    @Test
    void shortUsmPasswordIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.loadText(VALID + """
                ikec.snmp { enabled = true, users = [ { name = "ops", auth-password = "short", priv-password = "priv-secret" } ] }
                """, ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.snmp.users[0]: SNMPv3 user 'ops': auth password must have at least 8 characters");
    }

    @Test
    void enabledMustBeBoolean() {
        assertThatThrownBy(() -> ConfigLoader.loadText(VALID + "ikec.snmp.enabled = 1", ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.snmp.enabled: expected true or false, got 1");
    }

    @Test
    void trapReceiversAreRead() {
        NodeConfig config = ConfigLoader.loadText(VALID + """
                ikec.snmp {
                  enabled = true
                  users = [ { name = "ops", auth-password = "auth-secret", priv-password = "priv-secret" } ]
                  trap-receivers = [
                    { address = "192.0.2.50", port = 10162, version = v2c, community = "traps" }
                    { address = "192.0.2.51", version = v3, user = "ops" }
                  ]
                  trap-rate = 5
                }
                """, ConfigLoader.Overrides.NONE);

        NotificationSettings notifications = config.snmp().orElseThrow().notifications();
        assertThat(notifications.receivers()).containsExactly(
                new TrapReceiverSettings("192.0.2.50", 10162, TrapReceiverSettings.Version.V2C, "traps", null),
                new TrapReceiverSettings("192.0.2.51", 162, TrapReceiverSettings.Version.V3, null, "ops"));
        assertThat(notifications.maxPerSecond()).isEqualTo(5);
        assertThat(config.snmp().orElseThrow().toString()).doesNotContain("traps");
    }

    @Test
    void noTrapReceiversByDefault() {
        NodeConfig config = ConfigLoader.loadText(VALID + "ikec.snmp.enabled = true", ConfigLoader.Overrides.NONE);

        assertThat(config.snmp().orElseThrow().notifications()).isEqualTo(NotificationSettings.NONE);
    }

    @Test
    void trapReceiverErrorsNameTheKey() {
        String[][] cases = {
                {"{ address = \"192.0.2.50\", version = v1, community = \"traps\" }",
                        "ikec.snmp.trap-receivers[0].version: expected v2c or v3, got v1"},
                {"{ address = \"192.0.2.50\", version = v2c }",
                        "ikec.snmp.trap-receivers[0].community: missing; the SNMPv2c community of the receiver"},
                {"{ address = \"192.0.2.50\", version = v3, user = \"nobody\" }",
                        "ikec.snmp.trap-receivers[0].user: SNMPv3 user 'nobody' is not configured; add it to ikec.snmp.users"},
                {"{ address = \"192.0.2.50\", version = v3, user = \"ops\", community = \"traps\" }",
                        "ikec.snmp.trap-receivers[0].community: applies to version v2c only; v3 receivers use user"},
                {"{ address = \"traps.example.org\", version = v2c, community = \"traps\" }",
                        "ikec.snmp.trap-receivers[0]: trap receiver address 'traps.example.org' is not an IP address"},
                {"{ address = \"192.0.2.50\", port = 0, version = v2c, community = \"traps\" }",
                        "ikec.snmp.trap-receivers[0].port: expected a whole number between 1 and 65535, got 0"},
                {"{ address = \"192.0.2.50\", version = v2c, comunity = \"traps\" }",
                        "ikec.snmp.trap-receivers[0].comunity: unknown key; did you mean 'community'?; known keys here: "
                                + "address, community, port, user, version"},
        };
        for (String[] testCase : cases) {
            String text = VALID + "ikec.snmp { enabled = true, users = [ { name = \"ops\", auth-password = "
                    + "\"auth-secret\", priv-password = \"priv-secret\" } ], trap-receivers = [ " + testCase[0] + " ] }";

            assertThatThrownBy(() -> ConfigLoader.loadText(text, ConfigLoader.Overrides.NONE))
                    .as(testCase[0])
                    .isInstanceOf(ConfigError.class)
                    .hasMessage(testCase[1]);
        }
    }

    @Test
    void trapRateBelowOneIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.loadText(VALID + "ikec.snmp { enabled = true, trap-rate = 0 }",
                ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.snmp.trap-rate: expected a whole number between 1 and 1000000, got 0");
    }
}
