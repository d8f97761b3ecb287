package org.ikec.snmp;

import java.util.List;

/**
 * The SNMP agent's UDP address and the requests it serves: SNMPv1 and SNMPv2c requests that carry
 * {@code community}, and SNMPv3 requests from {@code users} at security level authPriv.
 *
 * @param port the UDP port; 0 picks a free one
 */
public record AgentSettings(String address, int port, String community, List<UsmUserSettings> users) {

    public AgentSettings {
        users = List.copyOf(users);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("SNMP port " + port + " is outside 0..65535");
        }
    }

    @Override
    public String toString() {
        return "AgentSettings[address=" + address + ", port=" + port + ", community=<hidden>, users=" + users + "]";
    }
}
