package org.ikec.protocol.wire;

/**
 * Transform types of a proposal (RFC 7296 §3.3.2). Type 4 was named Diffie-Hellman group in
 * RFC 7296 and is the key exchange method since RFC 9370.
 */
public final class TransformType {

    public static final int ENCR = 1;
    public static final int PRF = 2;
    public static final int INTEG = 3;
    public static final int KE = 4;
    public static final int ESN = 5;

    private TransformType() {
    }

    /** Returns the RFC name of a transform type, or {@code UNKNOWN(n)}. */
    public static String name(int value) {
        return switch (value) {
            case ENCR -> "ENCR";
            case PRF -> "PRF";
            case INTEG -> "INTEG";
            case KE -> "KE";
            case ESN -> "ESN";
            default -> "UNKNOWN(" + value + ")";
        };
    }
}
