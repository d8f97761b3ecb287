package org.ikec.protocol.wire;

/** CFG types of the configuration payload (RFC 7296 §3.15). */
public final class ConfigType {

    public static final int CFG_REQUEST = 1;
    public static final int CFG_REPLY = 2;
    public static final int CFG_SET = 3;
    public static final int CFG_ACK = 4;

    private ConfigType() {
    }

    /** Returns the RFC name of a CFG type, or {@code UNKNOWN(n)}. */
    public static String name(int value) {
        return switch (value) {
            case CFG_REQUEST -> "CFG_REQUEST";
            case CFG_REPLY -> "CFG_REPLY";
            case CFG_SET -> "CFG_SET";
            case CFG_ACK -> "CFG_ACK";
            default -> "UNKNOWN(" + value + ")";
        };
    }
}
