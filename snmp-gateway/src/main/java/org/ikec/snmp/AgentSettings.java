package org.ikec.snmp;

import java.util.List;

/**
 * The SNMP agent's UDP address and the requests it serves: SNMPv1 and SNMPv2c requests that carry
 * {@code community}, and SNMPv3 requests from {@code users} at security level authPriv.
 *
 * @param port the UDP port; 0 picks a free one
 * @param notifications the trap receivers of tunnel notifications, each SNMPv3 one naming a user of {@code users}
 */
public record AgentSettings(String address, int port, String community, List<UsmUserSettings> users,
                            NotificationSettings notifications) {

    public AgentSettings {
        users = List.copyOf(users);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("SNMP port " + port + " is outside 0..65535");
        }
        for (TrapReceiverSettings receiver : notifications.receivers()) {
            boolean known = users.stream().anyMatch(u -> u.name().equals(receiver.user()));
            if (receiver.version() == TrapReceiverSettings.Version.V3 && !known) {
                throw new IllegalArgumentException("trap receiver " + receiver.address() + ":" + receiver.port()
                        + " names SNMPv3 user '" + receiver.user() + "', which is not among the configured users");
            }
        }
    }

    /** Settings of an agent that sends no notifications. */
    public AgentSettings(String address, int port, String community, List<UsmUserSettings> users) {
        this(address, port, community, users, NotificationSettings.NONE);
    }

    @Override
    public String toString() {
        return "AgentSettings[address=" + address + ", port=" + port + ", community=<hidden>, users=" + users
                + ", notifications=" + notifications + "]";
    }
}
