package org.ikec.protocol.crypto;

import java.util.Arrays;

/** Removal of the padding and the Pad Length byte at the end of decrypted SK payload data (RFC 7296 §3.14). */
final class PadLength {

    private PadLength() {
    }

    /** Returns the inner payload chain and wipes {@code decrypted}. */
    static byte[] strip(byte[] decrypted) throws IntegrityCheckFailedException {
        if (decrypted.length == 0) {
            throw new IntegrityCheckFailedException("SK payload has no Pad Length byte");
        }
        int padLength = decrypted[decrypted.length - 1] & 0xff;
        int contentLength = decrypted.length - 1 - padLength;
        if (contentLength < 0) {
            Bytes.wipe(decrypted);
            throw new IntegrityCheckFailedException("SK payload Pad Length " + padLength
                    + " exceeds the " + (decrypted.length - 1) + " decrypted bytes");
        }

        byte[] content = Arrays.copyOf(decrypted, contentLength);
        Bytes.wipe(decrypted);
        return content;
    }
}
