package org.ikec.protocol.wire;

import java.util.Arrays;

/**
 * A configuration attribute of the CP payload (RFC 7296 §3.15.1). A request for an attribute
 * carries an empty value.
 *
 * @param type a value from {@link ConfigAttributeType}, 15 bits
 * @param value the attribute value
 */
public record ConfigAttribute(int type, byte[] value) {

    /** Attribute Type and Length. */
    static final int FIXED_SIZE = 4;

    public ConfigAttribute {
        Bytes.requireUnsigned("attribute type", type, 15);
        Bytes.requireUnsigned("attribute length", value.length, 16);
        value = value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigAttribute that
                && type == that.type
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "ConfigAttribute[type=" + ConfigAttributeType.name(type)
                + ", value=" + Bytes.hex(value) + "]";
    }
}
