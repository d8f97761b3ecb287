package org.ikec.protocol.wire;

/** Identification types of the IDi and IDr payloads (RFC 7296 §3.5). */
public final class IdType {

    public static final int ID_IPV4_ADDR = 1;
    public static final int ID_FQDN = 2;
    public static final int ID_RFC822_ADDR = 3;
    public static final int ID_IPV6_ADDR = 5;
    public static final int ID_DER_ASN1_DN = 9;
    public static final int ID_DER_ASN1_GN = 10;
    public static final int ID_KEY_ID = 11;

    private IdType() {
    }

    /** Returns the RFC name of an ID type, or {@code UNKNOWN(n)}. */
    public static String name(int value) {
        return switch (value) {
            case ID_IPV4_ADDR -> "ID_IPV4_ADDR";
            case ID_FQDN -> "ID_FQDN";
            case ID_RFC822_ADDR -> "ID_RFC822_ADDR";
            case ID_IPV6_ADDR -> "ID_IPV6_ADDR";
            case ID_DER_ASN1_DN -> "ID_DER_ASN1_DN";
            case ID_DER_ASN1_GN -> "ID_DER_ASN1_GN";
            case ID_KEY_ID -> "ID_KEY_ID";
            default -> "UNKNOWN(" + value + ")";
        };
    }
}
