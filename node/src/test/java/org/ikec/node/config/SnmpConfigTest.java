package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.ikec.snmp.AgentSettings;
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
}
