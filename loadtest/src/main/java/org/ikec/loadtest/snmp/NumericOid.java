package org.ikec.loadtest.snmp;

import java.util.Arrays;

/**
 * An OID as net-snmp prints it with {@code -On}, compared in SNMP order: sub-identifier by
 * sub-identifier as unsigned 32-bit numbers, and a prefix before every OID that extends it
 * (RFC 3416 §4.2.2 lexicographic order).
 */
record NumericOid(long[] arcs) implements Comparable<NumericOid> {

    private static final long MAX_SUB_IDENTIFIER = 0xFFFF_FFFFL;

    /** Parses {@code .1.3.6...} or {@code 1.3.6...}; throws {@link IllegalArgumentException} on anything else. */
    static NumericOid parse(String text) {
        String dotted = text.startsWith(".") ? text.substring(1) : text;
        if (dotted.isEmpty()) {
            throw new IllegalArgumentException("empty OID");
        }
        String[] parts = dotted.split("\\.", -1);
        long[] arcs = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                arcs[i] = Long.parseUnsignedLong(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid sub-identifier '" + parts[i] + "' in OID " + text, e);
            }
            if (Long.compareUnsigned(arcs[i], MAX_SUB_IDENTIFIER) > 0) {
                throw new IllegalArgumentException("sub-identifier " + parts[i] + " of OID " + text
                        + " is larger than 4294967295");
            }
        }
        return new NumericOid(arcs);
    }

    boolean startsWith(NumericOid prefix) {
        return arcs.length >= prefix.arcs.length
                && Arrays.equals(arcs, 0, prefix.arcs.length, prefix.arcs, 0, prefix.arcs.length);
    }

    /** Returns the sub-identifiers from {@code from} on. */
    long[] suffix(int from) {
        return Arrays.copyOfRange(arcs, from, arcs.length);
    }

    int length() {
        return arcs.length;
    }

    @Override
    public int compareTo(NumericOid other) {
        int common = Math.min(arcs.length, other.arcs.length);
        for (int i = 0; i < common; i++) {
            int order = Long.compareUnsigned(arcs[i], other.arcs[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(arcs.length, other.arcs.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NumericOid oid && Arrays.equals(arcs, oid.arcs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(arcs);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (long arc : arcs) {
            text.append('.').append(arc);
        }
        return text.toString();
    }
}
