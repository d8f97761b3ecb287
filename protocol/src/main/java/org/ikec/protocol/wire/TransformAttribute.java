package org.ikec.protocol.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A transform attribute (RFC 7296 §3.3.5). With the AF bit set (TV format) the value is exactly
 * two bytes and has no length field. Without it (TLV format) a 16-bit length precedes the value.
 *
 * @param type attribute type of 15 bits, where 14 is Key Length
 * @param value attribute value
 * @param shortForm whether the AF bit is set
 */
public record TransformAttribute(int type, byte[] value, boolean shortForm) {

    /** The Key Length attribute type, the only one RFC 7296 defines. */
    public static final int KEY_LENGTH = 14;

    public TransformAttribute {
        Bytes.requireUnsigned("attribute type", type, 15);
        if (shortForm && value.length != 2) {
            throw new IllegalArgumentException(
                    "TV attribute value must be 2 bytes, not " + value.length);
        }
        Bytes.requireUnsigned("attribute length", value.length, 16);
        value = value.clone();
    }

    public static TransformAttribute keyLength(int bits) {
        Bytes.requireUnsigned("key length", bits, 16);
        return new TransformAttribute(KEY_LENGTH, new byte[] {(byte) (bits >> 8), (byte) bits}, true);
    }

    /** Returns the value as an unsigned big-endian number; meant for 2-byte values. */
    public int intValue() {
        int result = 0;
        for (byte b : value) {
            result = (result << 8) | (b & 0xff);
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransformAttribute that
                && type == that.type
                && shortForm == that.shortForm
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, shortForm, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "TransformAttribute[type=" + type + ", value=" + Bytes.hex(value)
                + ", shortForm=" + shortForm + "]";
    }
}
