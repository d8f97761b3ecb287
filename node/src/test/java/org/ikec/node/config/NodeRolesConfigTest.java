package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.ikec.snmp.AgentSettings;
import org.junit.jupiter.api.Test;

class NodeRolesConfigTest {

    private static final String CONCENTRATOR = """
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
    void rolesDefaultToConcentrator() {
        NodeConfig config = ConfigLoader.loadText(CONCENTRATOR, ConfigLoader.Overrides.NONE);

        assertThat(config.roles()).containsExactly(NodeRole.CONCENTRATOR);
        assertThat(config.pekko().getStringList("pekko.cluster.roles")).containsExactly("concentrator");
        assertThat(config.snmp()).isEmpty();
    }

    @Test
    void shardingAndDistributedDataStayOnConcentrators() {
        NodeConfig config = ConfigLoader.loadText(CONCENTRATOR, ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getString("pekko.cluster.sharding.role")).isEqualTo("concentrator");
        assertThat(config.pekko().getString("pekko.cluster.distributed-data.role")).isEqualTo("concentrator");
        assertThat(config.pekko().getString("pekko.cluster.typed.receptionist.distributed-data.role")).isEmpty();
    }

    @Test
    void gatewayOnlyNeedsNoConnections() {
        NodeConfig config = ConfigLoader.loadText("""
                ikec.roles = [gateway]
                ikec.snmp { address = "127.0.0.1", port = 16170, community = "lab" }
                """, ConfigLoader.Overrides.NONE);

        assertThat(config.roles()).containsExactly(NodeRole.GATEWAY);
        assertThat(config.ike().connections()).isEmpty();
        assertThat(config.pekko().getStringList("pekko.cluster.roles")).containsExactly("gateway");
        assertThat(config.snmp()).contains(new AgentSettings("127.0.0.1", 16170, "lab", List.of()));
    }

    @Test
    void bothRolesListedInPekko() {
        NodeConfig config = ConfigLoader.loadText(CONCENTRATOR + "ikec.roles = [gateway, concentrator]",
                ConfigLoader.Overrides.NONE);

        assertThat(config.roles()).isEqualTo(Set.of(NodeRole.CONCENTRATOR, NodeRole.GATEWAY));
        assertThat(config.pekko().getStringList("pekko.cluster.roles")).containsExactly("concentrator", "gateway");
        assertThat(config.snmp()).contains(new AgentSettings("127.0.0.1", 16100, "public", List.of()));
    }

    @Test
    void rolesOverrideReplacesFileRoles() {
        NodeConfig config = ConfigLoader.loadText(CONCENTRATOR,
                new ConfigLoader.Overrides(List.of(), null, null, null, List.of("gateway")));

        assertThat(config.roles()).containsExactly(NodeRole.GATEWAY);
    }

    @Test
    void unknownRoleIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.loadText(CONCENTRATOR + "ikec.roles = [concentrator, snmp]",
                ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.roles: unknown role 'snmp'; write concentrator or gateway");
    }

    @Test
    void emptyRolesAreRejected() {
        assertThatThrownBy(() -> ConfigLoader.loadText(CONCENTRATOR + "ikec.roles = []", ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.roles: the list is empty; give concentrator, gateway or both");
    }

    @Test
    void concentratorStillNeedsConnections() {
        assertThatThrownBy(() -> ConfigLoader.loadText("ikec.roles = [concentrator, gateway]",
                ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("ikec.connections: no connection is configured");
    }
}
