package org.ikec.protocol.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/** Byte-array helpers shared by the key derivation and the ciphers. */
final class Bytes {

    private static final HexFormat HEX = HexFormat.of();

    private Bytes() {
    }

    /** Overwrites the array with zeros; accepts null. */
    static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }
        return joined;
    }

    /** Returns the 8 bytes of a 64-bit value in network byte order. */
    static byte[] ofLong(long value) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }

    /**
     * Returns a big-endian number, such as the output of {@code BigInteger.toByteArray()}, with
     * leading zeros dropped or added so that it is exactly {@code length} bytes long.
     */
    static byte[] leftPad(byte[] bigEndian, int length) {
        int start = 0;
        while (start < bigEndian.length - length && bigEndian[start] == 0) {
            start++;
        }
        int significant = bigEndian.length - start;
        if (significant > length) {
            throw new IllegalArgumentException("value of " + significant + " bytes exceeds " + length);
        }
        byte[] padded = new byte[length];
        System.arraycopy(bigEndian, start, padded, length - significant, significant);
        return padded;
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
