package org.ikec.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ikec.snmp.AgentSettings;
import org.ikec.snmp.UsmUserSettings;

/** Reads the {@code ikec.snmp} section: whether the node runs the SNMP gateway, and its agent settings. */
final class SnmpParser {

    private static final Set<String> SNMP_KEYS = Set.of("enabled", "address", "port", "community", "users");
    private static final Set<String> USER_KEYS = Set.of("name", "auth-password", "priv-password");

    private SnmpParser() {
    }

    /**
     * Returns the agent settings, or empty when {@code enabled = false} on a node without the
     * gateway role. A gateway-role node always runs the agent.
     */
    static Optional<AgentSettings> parse(ConfigReader ikec, boolean gatewayRole) {
        ConfigReader snmp = ikec.section("snmp");
        snmp.requireKnownKeys(SNMP_KEYS);
        if (!snmp.bool("enabled") && !gatewayRole) {
            return Optional.empty();
        }

        List<UsmUserSettings> users = new ArrayList<>();
        for (ConfigReader user : snmp.sectionList("users")) {
            user.requireKnownKeys(USER_KEYS);
            try {
                users.add(new UsmUserSettings(user.string("name", "missing; the SNMPv3 user name"),
                        user.string("auth-password", "missing; the SHA-256 authentication password"),
                        user.string("priv-password", "missing; the AES-128 privacy password")));
            } catch (IllegalArgumentException e) {
                throw new ConfigError(user.path(), e.getMessage());
            }
        }
        return Optional.of(new AgentSettings(snmp.string("address", "missing"), snmp.integer("port", 0, 65535),
                snmp.string("community", "missing; the SNMPv1/v2c community"), users));
    }
}
