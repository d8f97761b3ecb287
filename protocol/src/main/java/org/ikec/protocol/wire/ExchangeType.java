package org.ikec.protocol.wire;

/**
 * Exchange type numbers of the IKE header (RFC 7296 §3.1). Values are plain ints so that an
 * unknown exchange type survives a decode and encode unchanged.
 */
public final class ExchangeType {

    public static final int IKE_SA_INIT = 34;
    public static final int IKE_AUTH = 35;
    public static final int CREATE_CHILD_SA = 36;
    public static final int INFORMATIONAL = 37;

    private ExchangeType() {
    }

    /** Returns the RFC name of an exchange type, or {@code UNKNOWN(n)}. */
    public static String name(int value) {
        return switch (value) {
            case IKE_SA_INIT -> "IKE_SA_INIT";
            case IKE_AUTH -> "IKE_AUTH";
            case CREATE_CHILD_SA -> "CREATE_CHILD_SA";
            case INFORMATIONAL -> "INFORMATIONAL";
            default -> "UNKNOWN(" + value + ")";
        };
    }
}
