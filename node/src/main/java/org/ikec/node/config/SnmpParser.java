package org.ikec.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ikec.snmp.AgentSettings;
import org.ikec.snmp.NotificationSettings;
import org.ikec.snmp.TrapReceiverSettings;
import org.ikec.snmp.UsmUserSettings;

/**
 * Reads the {@code ikec.snmp} section: whether the node runs the SNMP gateway, its agent settings,
 * and the receivers of its tunnel notifications.
 */
final class SnmpParser {

    private static final Set<String> SNMP_KEYS = Set.of("enabled", "address", "port", "community", "users",
            "trap-receivers", "trap-rate");
    private static final Set<String> USER_KEYS = Set.of("name", "auth-password", "priv-password");
    private static final Set<String> RECEIVER_KEYS = Set.of("address", "port", "version", "community", "user");
    /** The UDP port of SNMP notification receivers (RFC 3417 §3), used when a receiver names none. */
    private static final int TRAP_PORT = 162;

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
        NotificationSettings notifications = notifications(snmp, users);
        return Optional.of(new AgentSettings(snmp.string("address", "missing"), snmp.integer("port", 0, 65535),
                snmp.string("community", "missing; the SNMPv1/v2c community"), users, notifications));
    }

    private static NotificationSettings notifications(ConfigReader snmp, List<UsmUserSettings> users) {
        List<TrapReceiverSettings> receivers = new ArrayList<>();
        if (snmp.has("trap-receivers")) {
            for (ConfigReader receiver : snmp.sectionList("trap-receivers")) {
                receivers.add(receiver(receiver, users));
            }
        }
        int rate = snmp.has("trap-rate") ? snmp.integer("trap-rate", 1, 1_000_000)
                : NotificationSettings.DEFAULT_MAX_PER_SECOND;
        return new NotificationSettings(receivers, rate);
    }

    private static TrapReceiverSettings receiver(ConfigReader receiver, List<UsmUserSettings> users) {
        receiver.requireKnownKeys(RECEIVER_KEYS);
        String address = receiver.string("address", "missing; the receiver's IP address");
        int port = receiver.has("port") ? receiver.integer("port", 1, 65535) : TRAP_PORT;
        String version = receiver.string("version", "missing; write v2c or v3");

        if (version.equals("v2c")) {
            if (receiver.has("user")) {
                throw new ConfigError(receiver.pathOf("user"), "applies to version v3 only; v2c receivers use community");
            }
            return build(receiver, address, port, TrapReceiverSettings.Version.V2C,
                    receiver.string("community", "missing; the SNMPv2c community of the receiver"), null);
        }
        if (!version.equals("v3")) {
            throw new ConfigError(receiver.pathOf("version"), "expected v2c or v3, got " + version);
        }
        if (receiver.has("community")) {
            throw new ConfigError(receiver.pathOf("community"), "applies to version v2c only; v3 receivers use user");
        }
        String user = receiver.string("user", "missing; one of the SNMPv3 users in ikec.snmp.users");
        if (users.stream().noneMatch(known -> known.name().equals(user))) {
            throw new ConfigError(receiver.pathOf("user"), "SNMPv3 user '" + user
                    + "' is not configured; add it to ikec.snmp.users");
        }
        return build(receiver, address, port, TrapReceiverSettings.Version.V3, null, user);
    }

    private static TrapReceiverSettings build(ConfigReader receiver, String address, int port,
                                              TrapReceiverSettings.Version version, String community, String user) {
        try {
            return new TrapReceiverSettings(address, port, version, community, user);
        } catch (IllegalArgumentException e) {
            throw new ConfigError(receiver.path(), e.getMessage());
        }
    }
}
