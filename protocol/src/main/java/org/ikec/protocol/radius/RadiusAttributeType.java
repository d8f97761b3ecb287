package org.ikec.protocol.radius;

/**
 * Attribute type numbers used by the EAP pass-through client: RFC 2865 §5, RFC 3579 §3,
 * RFC 6911 §3 and the Microsoft vendor attributes of RFC 2548 §2.4. Types are plain ints, so an
 * attribute of an unknown type survives decoding and can still be read by its number.
 */
public final class RadiusAttributeType {

    public static final int USER_NAME = 1;
    public static final int NAS_IP_ADDRESS = 4;
    public static final int NAS_PORT = 5;
    public static final int SERVICE_TYPE = 6;
    public static final int FRAMED_IP_ADDRESS = 8;
    public static final int REPLY_MESSAGE = 18;
    public static final int STATE = 24;
    public static final int CLASS = 25;
    public static final int VENDOR_SPECIFIC = 26;
    public static final int SESSION_TIMEOUT = 27;
    public static final int CALLED_STATION_ID = 30;
    public static final int CALLING_STATION_ID = 31;
    public static final int NAS_IDENTIFIER = 32;
    public static final int NAS_PORT_TYPE = 61;
    public static final int EAP_MESSAGE = 79;
    public static final int MESSAGE_AUTHENTICATOR = 80;
    /** Framed-IPv6-Address (RFC 6911 §3.1): one IPv6 address for the peer, 16 octets. */
    public static final int FRAMED_IPV6_ADDRESS = 168;

    /** Private Enterprise Number of Microsoft, the Vendor-Id of RFC 2548 attributes. */
    public static final long VENDOR_MICROSOFT = 311;
    /** Vendor-Type of MS-MPPE-Send-Key (RFC 2548 §2.4.2). */
    public static final int MS_MPPE_SEND_KEY = 16;
    /** Vendor-Type of MS-MPPE-Recv-Key (RFC 2548 §2.4.3). */
    public static final int MS_MPPE_RECV_KEY = 17;

    private RadiusAttributeType() {
    }

    /** Returns the RFC name of a type, or its number when this class has no name for it. */
    public static String name(int type) {
        return switch (type) {
            case USER_NAME -> "User-Name";
            case NAS_IP_ADDRESS -> "NAS-IP-Address";
            case NAS_PORT -> "NAS-Port";
            case SERVICE_TYPE -> "Service-Type";
            case FRAMED_IP_ADDRESS -> "Framed-IP-Address";
            case REPLY_MESSAGE -> "Reply-Message";
            case STATE -> "State";
            case CLASS -> "Class";
            case VENDOR_SPECIFIC -> "Vendor-Specific";
            case SESSION_TIMEOUT -> "Session-Timeout";
            case CALLED_STATION_ID -> "Called-Station-Id";
            case CALLING_STATION_ID -> "Calling-Station-Id";
            case NAS_IDENTIFIER -> "NAS-Identifier";
            case NAS_PORT_TYPE -> "NAS-Port-Type";
            case EAP_MESSAGE -> "EAP-Message";
            case MESSAGE_AUTHENTICATOR -> "Message-Authenticator";
            case FRAMED_IPV6_ADDRESS -> "Framed-IPv6-Address";
            default -> "Attribute-" + type;
        };
    }
}
