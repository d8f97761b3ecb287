package org.ikec.protocol.wire;

/**
 * Payload type numbers used in the Next Payload fields (RFC 7296 §3.2, SKF from RFC 7383 §2.5).
 * {@link #name(int)} returns the RFC 7296 notation (IDi, TSr, SK, ...).
 */
public final class PayloadType {

    public static final int NONE = 0;
    public static final int SA = 33;
    public static final int KE = 34;
    public static final int ID_I = 35;
    public static final int ID_R = 36;
    public static final int CERT = 37;
    public static final int CERTREQ = 38;
    public static final int AUTH = 39;
    public static final int NONCE = 40;
    public static final int NOTIFY = 41;
    public static final int DELETE = 42;
    public static final int VENDOR_ID = 43;
    public static final int TS_I = 44;
    public static final int TS_R = 45;
    public static final int SK = 46;
    public static final int CP = 47;
    public static final int EAP = 48;
    public static final int SKF = 53;

    private PayloadType() {
    }

    /** Returns the RFC notation of a payload type, or {@code UNKNOWN(n)}. */
    public static String name(int value) {
        return switch (value) {
            case NONE -> "NONE";
            case SA -> "SA";
            case KE -> "KE";
            case ID_I -> "IDi";
            case ID_R -> "IDr";
            case CERT -> "CERT";
            case CERTREQ -> "CERTREQ";
            case AUTH -> "AUTH";
            case NONCE -> "Ni/Nr";
            case NOTIFY -> "N";
            case DELETE -> "D";
            case VENDOR_ID -> "V";
            case TS_I -> "TSi";
            case TS_R -> "TSr";
            case SK -> "SK";
            case CP -> "CP";
            case EAP -> "EAP";
            case SKF -> "SKF";
            default -> "UNKNOWN(" + value + ")";
        };
    }

    /** Returns whether this codec decodes the payload type; other types become {@link Unknown}. */
    public static boolean isKnown(int value) {
        return (value >= SA && value <= EAP) || value == SKF;
    }
}
