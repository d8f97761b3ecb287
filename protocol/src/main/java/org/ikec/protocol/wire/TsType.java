package org.ikec.protocol.wire;

/** Traffic selector types (RFC 7296 §3.13.1). */
public final class TsType {

    public static final int IPV4_ADDR_RANGE = 7;
    public static final int IPV6_ADDR_RANGE = 8;

    private TsType() {
    }

    /** Returns the RFC name of a traffic selector type, or {@code UNKNOWN(n)}. */
    public static String name(int value) {
        return switch (value) {
            case IPV4_ADDR_RANGE -> "TS_IPV4_ADDR_RANGE";
            case IPV6_ADDR_RANGE -> "TS_IPV6_ADDR_RANGE";
            default -> "UNKNOWN(" + value + ")";
        };
    }

    /** Returns the address length in bytes for a known type, or -1. */
    public static int addressLength(int value) {
        return switch (value) {
            case IPV4_ADDR_RANGE -> 4;
            case IPV6_ADDR_RANGE -> 16;
            default -> -1;
        };
    }
}
