package org.ikec.protocol.wire;

import java.util.List;

/** Helpers shared by the payload records: field range checks and hex printing for toString. */
final class Bytes {

    /** Bytes printed by {@link #hex(byte[])} before the output is cut short. */
    private static final int MAX_PRINTED = 64;

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Bytes() {
    }

    /** Checks that a field value fits an unsigned wire field of the given width. */
    static int requireUnsigned(String field, int value, int bits) {
        if (value < 0 || value > (1 << bits) - 1) {
            throw new IllegalArgumentException(
                    field + " " + value + " does not fit an unsigned " + bits + "-bit field");
        }
        return value;
    }

    /** Returns lowercase hex of at most 64 bytes, with the total length when the array is longer. */
    static String hex(byte[] data) {
        int shown = Math.min(data.length, MAX_PRINTED);
        StringBuilder text = new StringBuilder(shown * 2 + 24);
        for (int i = 0; i < shown; i++) {
            text.append(DIGITS[(data[i] >> 4) & 0xf]).append(DIGITS[data[i] & 0xf]);
        }
        if (data.length > shown) {
            text.append("...(").append(data.length).append(" bytes)");
        }
        return text.toString();
    }

    static String hex(List<byte[]> arrays) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < arrays.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(hex(arrays.get(i)));
        }
        return text.append(']').toString();
    }
}
