package org.ikec.protocol.crypto;

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
}
