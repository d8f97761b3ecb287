package org.ikec.protocol.wire;

/**
 * Authentication methods of the AUTH payload (RFC 7296 §3.8, ECDSA from RFC 4754, Digital
 * Signature from RFC 7427).
 */
public final class AuthMethod {

    public static final int RSA = 1;
    public static final int PSK = 2;
    public static final int DSS = 3;
    public static final int ECDSA_256 = 9;
    public static final int ECDSA_384 = 10;
    public static final int ECDSA_521 = 11;
    public static final int DIGITAL_SIGNATURE = 14;

    private AuthMethod() {
    }

    /** Returns the RFC name of an authentication method, or {@code UNKNOWN(n)}. */
    public static String name(int value) {
        return switch (value) {
            case RSA -> "RSA_DIGITAL_SIGNATURE";
            case PSK -> "SHARED_KEY_MIC";
            case DSS -> "DSS_DIGITAL_SIGNATURE";
            case ECDSA_256 -> "ECDSA_SHA256_P256";
            case ECDSA_384 -> "ECDSA_SHA384_P384";
            case ECDSA_521 -> "ECDSA_SHA512_P521";
            case DIGITAL_SIGNATURE -> "DIGITAL_SIGNATURE";
            default -> "UNKNOWN(" + value + ")";
        };
    }
}
