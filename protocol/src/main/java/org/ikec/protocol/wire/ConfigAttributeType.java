package org.ikec.protocol.wire;

/** Configuration attribute types (RFC 7296 §3.15.1). */
public final class ConfigAttributeType {

    public static final int INTERNAL_IP4_ADDRESS = 1;
    public static final int INTERNAL_IP4_NETMASK = 2;
    public static final int INTERNAL_IP4_DNS = 3;
    public static final int INTERNAL_IP4_NBNS = 4;
    public static final int INTERNAL_IP4_DHCP = 6;
    public static final int APPLICATION_VERSION = 7;
    public static final int INTERNAL_IP6_ADDRESS = 8;
    public static final int INTERNAL_IP6_DNS = 10;
    public static final int INTERNAL_IP6_DHCP = 12;
    public static final int INTERNAL_IP4_SUBNET = 13;
    public static final int SUPPORTED_ATTRIBUTES = 14;
    public static final int INTERNAL_IP6_SUBNET = 15;

    private ConfigAttributeType() {
    }

    /** Returns the RFC name of a configuration attribute type, or {@code UNKNOWN(n)}. */
    public static String name(int value) {
        return switch (value) {
            case INTERNAL_IP4_ADDRESS -> "INTERNAL_IP4_ADDRESS";
            case INTERNAL_IP4_NETMASK -> "INTERNAL_IP4_NETMASK";
            case INTERNAL_IP4_DNS -> "INTERNAL_IP4_DNS";
            case INTERNAL_IP4_NBNS -> "INTERNAL_IP4_NBNS";
            case INTERNAL_IP4_DHCP -> "INTERNAL_IP4_DHCP";
            case APPLICATION_VERSION -> "APPLICATION_VERSION";
            case INTERNAL_IP6_ADDRESS -> "INTERNAL_IP6_ADDRESS";
            case INTERNAL_IP6_DNS -> "INTERNAL_IP6_DNS";
            case INTERNAL_IP6_DHCP -> "INTERNAL_IP6_DHCP";
            case INTERNAL_IP4_SUBNET -> "INTERNAL_IP4_SUBNET";
            case SUPPORTED_ATTRIBUTES -> "SUPPORTED_ATTRIBUTES";
            case INTERNAL_IP6_SUBNET -> "INTERNAL_IP6_SUBNET";
            default -> "UNKNOWN(" + value + ")";
        };
    }
}
