package org.ikec.snmp;

/**
 * A manager that receives the gateway's tunnel notifications: an SNMPv2c trap carrying
 * {@code community}, or an SNMPv3 trap (RFC 3416 SNMPv2-Trap-PDU in a USM message at authPriv)
 * from {@code user}, one of the agent's configured USM users.
 *
 * @param address an IP address literal; names are not resolved
 * @param community the SNMPv2c community, {@code null} for SNMPv3
 * @param user the USM user name, {@code null} for SNMPv2c
 */
public record TrapReceiverSettings(String address, int port, Version version, String community, String user) {

    /** The SNMP version of the notification. */
    public enum Version {
        V2C,
        V3
    }

    public TrapReceiverSettings {
        if (address == null || TunnelRows.address(address) == null) {
            throw new IllegalArgumentException("trap receiver address '" + address + "' is not an IP address");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("trap receiver port " + port + " is outside 1..65535");
        }
        if (version == Version.V2C && (community == null || community.isEmpty())) {
            throw new IllegalArgumentException("community is missing for an SNMPv2c trap receiver");
        }
        if (version == Version.V3 && (user == null || user.isEmpty())) {
            throw new IllegalArgumentException("user is missing for an SNMPv3 trap receiver");
        }
    }

    @Override
    public String toString() {
        return "TrapReceiverSettings[" + address + ":" + port + " " + version
                + (version == Version.V3 ? " user=" + user : " community=<hidden>") + "]";
    }
}
