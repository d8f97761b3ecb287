package org.ikec.protocol.wire;

/** Security protocol identifiers of proposals, notifies and deletes (RFC 7296 §3.3.1). */
public final class ProtocolId {

    public static final int IKE = 1;
    public static final int AH = 2;
    public static final int ESP = 3;

    private ProtocolId() {
    }

    /** Returns the RFC name of a protocol ID, or {@code UNKNOWN(n)}. */
    public static String name(int value) {
        return switch (value) {
            case IKE -> "IKE";
            case AH -> "AH";
            case ESP -> "ESP";
            default -> "UNKNOWN(" + value + ")";
        };
    }
}
