package org.ikec.protocol.radius;

import java.util.Arrays;

/**
 * One attribute of a RADIUS packet (RFC 2865 §5): Type, Length and Value, where Length counts
 * the two header octets, so a value holds at most 253 octets.
 *
 * @param type  attribute type, 1 to 255, see {@link RadiusAttributeType}
 * @param value attribute value as sent on the wire
 */
public record RadiusAttribute(int type, byte[] value) {

    /** Maximum value size, because the one-octet Length also counts Type and Length. */
    public static final int MAX_VALUE_SIZE = 253;

    public RadiusAttribute {
        if (type < 1 || type > 255) {
            throw new IllegalArgumentException("RADIUS attribute type " + type + " is outside 1..255");
        }
        if (value.length > MAX_VALUE_SIZE) {
            throw new IllegalArgumentException(RadiusAttributeType.name(type) + " value of "
                    + value.length + " octets exceeds the maximum of " + MAX_VALUE_SIZE);
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RadiusAttribute that && type == that.type && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    /** Names the type and the value size only, because some values are passwords or keys. */
    @Override
    public String toString() {
        return RadiusAttributeType.name(type) + "(" + value.length + " octets)";
    }
}
