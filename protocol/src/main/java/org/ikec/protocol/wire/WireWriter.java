package org.ikec.protocol.wire;

/**
 * Big-endian writes into an output array sized by the encoder beforehand. Each method returns
 * the offset after what it wrote.
 */
final class WireWriter {

    private WireWriter() {
    }

    static int u8(byte[] out, int offset, int value) {
        out[offset] = (byte) value;
        return offset + 1;
    }

    static int u16(byte[] out, int offset, int value) {
        out[offset] = (byte) (value >>> 8);
        out[offset + 1] = (byte) value;
        return offset + 2;
    }

    static int u32(byte[] out, int offset, long value) {
        out[offset] = (byte) (value >>> 24);
        out[offset + 1] = (byte) (value >>> 16);
        out[offset + 2] = (byte) (value >>> 8);
        out[offset + 3] = (byte) value;
        return offset + 4;
    }

    static int u64(byte[] out, int offset, long value) {
        u32(out, offset, value >>> 32);
        return u32(out, offset + 4, value);
    }

    /** Writes zero RESERVED bytes; the output array is fresh, so this only advances. */
    static int zeros(int offset, int count) {
        return offset + count;
    }

    static int bytes(byte[] out, int offset, byte[] value) {
        System.arraycopy(value, 0, out, offset, value.length);
        return offset + value.length;
    }
}
