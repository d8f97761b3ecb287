package org.ikec.protocol.crypto;

import java.util.Arrays;

/** Creates the {@link SkCipher} for a negotiated encryption and integrity algorithm. */
final class SkCiphers {

    private SkCiphers() {
    }

    /**
     * Creates the cipher for one direction. {@code encryptionKey} is SK_ei or SK_er including the
     * AEAD salt; {@code integrityKey} is SK_ai or SK_ar and empty for AEAD ciphers. Both arrays are
     * copied.
     */
    static SkCipher create(int encrId, int keyBits, int integId, byte[] encryptionKey, byte[] integrityKey) {
        return switch (encrId) {
            case Algorithms.ENCR_AES_GCM_16, Algorithms.ENCR_CHACHA20_POLY1305 ->
                    new AeadSkCipher(encrId, encryptionKey);
            case Algorithms.ENCR_AES_CBC, Algorithms.ENCR_3DES ->
                    new CbcHmacSkCipher(encrId, encryptionKey, integId, integrityKey);
            default -> throw new IllegalArgumentException("unsupported encryption algorithm " + encrId
                    + " with " + keyBits + "-bit key");
        };
    }

    /**
     * Creates the cipher for one direction from the packed keys of an IKE SA, with SK_ei or SK_er
     * at {@code encryptionOffset} and SK_ai or SK_ar at {@code integrityOffset}. An AEAD cipher
     * reads its key from {@code keys} without copying it, so wiping the array also wipes the
     * cipher's key, and continues the IV counter at {@code ivIndex} of {@code ivCounters}. A CBC
     * cipher copies both keys and ignores the counters, because its IVs are random.
     */
    static SkCipher create(IkeSuite suite, byte[] keys, int encryptionOffset, int integrityOffset,
                           long[] ivCounters, int ivIndex) {
        int encryptionLength = Algorithms.encryptionKeyLength(suite.encrId(), suite.encrKeyBits());
        int integrityLength = Algorithms.integrityKeyLength(suite.integId());
        if (Algorithms.isAead(suite.encrId())) {
            return new AeadSkCipher(suite.encrId(), keys, encryptionOffset, encryptionLength, ivCounters, ivIndex);
        }
        return create(suite.encrId(), suite.encrKeyBits(), suite.integId(),
                Arrays.copyOfRange(keys, encryptionOffset, encryptionOffset + encryptionLength),
                Arrays.copyOfRange(keys, integrityOffset, integrityOffset + integrityLength));
    }
}
