package org.ikec.protocol.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The Encrypted and Authenticated Fragment (SKF) payload (RFC 7383 §2.5), held as received.
 * Only the first fragment names the first inner payload; the others carry 0 there.
 *
 * @param fragmentNumber number of this fragment, from 1
 * @param totalFragments number of fragments of the message, at least fragmentNumber
 * @param firstInnerPayload type of the first inner payload, 0 in all but fragment 1
 * @param data Initialization Vector, ciphertext and Integrity Checksum Data, as on the wire
 */
public record EncryptedFragment(int fragmentNumber, int totalFragments, int firstInnerPayload,
                                byte[] data) implements Payload {

    /** Fragment Number and Total Fragments. */
    static final int FIXED_SIZE = 4;

    public EncryptedFragment {
        Bytes.requireUnsigned("fragment number", fragmentNumber, 16);
        Bytes.requireUnsigned("total fragments", totalFragments, 16);
        Bytes.requireUnsigned("first inner payload", firstInnerPayload, 8);
        if (fragmentNumber < 1 || fragmentNumber > totalFragments) {
            throw new IllegalArgumentException("fragment number " + fragmentNumber
                    + " is outside 1.." + totalFragments);
        }
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.SKF;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptedFragment that
                && fragmentNumber == that.fragmentNumber
                && totalFragments == that.totalFragments
                && firstInnerPayload == that.firstInnerPayload
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fragmentNumber, totalFragments, firstInnerPayload,
                Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "EncryptedFragment[fragmentNumber=" + fragmentNumber + ", totalFragments="
                + totalFragments + ", firstInnerPayload=" + PayloadType.name(firstInnerPayload)
                + ", data=" + Bytes.hex(data) + "]";
    }
}
