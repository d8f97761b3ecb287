package org.ikec.protocol.wire;

import java.util.Arrays;

/**
 * The Ni or Nr payload (RFC 7296 §3.9). The RFC requires 16 to 256 bytes of nonce data; the
 * decoder rejects other sizes with INVALID_SYNTAX and the constructor throws for them.
 *
 * @param data the nonce
 */
public record Nonce(byte[] data) implements Payload {

    public static final int MIN_SIZE = 16;
    public static final int MAX_SIZE = 256;

    public Nonce {
        if (data.length < MIN_SIZE || data.length > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "nonce must be 16 to 256 bytes, not " + data.length);
        }
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.NONCE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Nonce that && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Nonce[data=" + Bytes.hex(data) + "]";
    }
}
