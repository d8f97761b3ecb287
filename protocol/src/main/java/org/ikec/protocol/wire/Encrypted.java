package org.ikec.protocol.wire;

import java.util.Arrays;

/**
 * The Encrypted and Authenticated (SK) payload (RFC 7296 §3.14), held as received: the codec
 * neither decrypts nor verifies it. The inner payloads are decoded with
 * {@link IkeCodec#decodePayloads} once the key material has decrypted {@code data}.
 *
 * @param firstInnerPayload type of the first payload inside, from the SK Next Payload field
 * @param data Initialization Vector, ciphertext (with padding and Pad Length) and Integrity
 *             Checksum Data, as on the wire
 */
public record Encrypted(int firstInnerPayload, byte[] data) implements Payload {

    public Encrypted {
        Bytes.requireUnsigned("first inner payload", firstInnerPayload, 8);
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.SK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Encrypted that
                && firstInnerPayload == that.firstInnerPayload
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * firstInnerPayload + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Encrypted[firstInnerPayload=" + PayloadType.name(firstInnerPayload)
                + ", data=" + Bytes.hex(data) + "]";
    }
}
