package org.ikec.snmp;

/**
 * An SNMPv3 user of the User-based Security Model (RFC 3414), authenticated with HMAC-SHA-256
 * (RFC 7860, usmHMAC192SHA256AuthProtocol) and encrypted with AES-128 (RFC 3826). Passwords are
 * at least 8 characters, as RFC 3414 §11.2 requires.
 */
public record UsmUserSettings(String name, String authPassword, String privPassword) {

    public UsmUserSettings {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("SNMPv3 user name is missing");
        }
        if (authPassword == null || authPassword.length() < 8) {
            throw new IllegalArgumentException("SNMPv3 user '" + name + "': auth password must have at least 8 characters");
        }
        if (privPassword == null || privPassword.length() < 8) {
            throw new IllegalArgumentException("SNMPv3 user '" + name + "': priv password must have at least 8 characters");
        }
    }

    @Override
    public String toString() {
        return "UsmUserSettings[name=" + name + ", authPassword=<hidden>, privPassword=<hidden>]";
    }
}
