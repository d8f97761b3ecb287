package org.ikec.protocol.crypto;

import java.util.Arrays;

/**
 * The keys of one Child SA taken from KEYMAT (RFC 7296 §2.17), for installation in the IPsec
 * data path. Encryption keys of AEAD ciphers end with their 4-byte salt (RFC 4106 §8.1,
 * RFC 7634 §2); integrity keys are empty for AEAD ciphers. The keys are kept in one array, which
 * costs an established CHILD SA less heap than one array per key, and each accessor returns a
 * copy that the caller should wipe after installing the SA. toString prints no keys.
 *
 * @param keymat the initiator-to-responder encryption and integrity keys followed by the
 *     responder-to-initiator ones, the order of KEYMAT
 * @param encryptionKeyLength the length of one encryption key; the rest of {@code keymat} is
 *     split evenly between the two integrity keys
 */
public record ChildKeys(byte[] keymat, int encryptionKeyLength) {

    public ChildKeys {
        int integrityKeys = keymat.length - 2 * encryptionKeyLength;
        if (encryptionKeyLength < 0 || integrityKeys < 0 || integrityKeys % 2 != 0) {
            throw new IllegalArgumentException("KEYMAT of " + keymat.length + " bytes does not fit two "
                    + encryptionKeyLength + "-byte encryption keys and two integrity keys of equal length");
        }
    }

    /** Creates the keys from the four keys of KEYMAT, which are copied. */
    public ChildKeys(byte[] encryptionKeyIToR, byte[] integrityKeyIToR, byte[] encryptionKeyRToI,
                     byte[] integrityKeyRToI) {
        this(Bytes.concat(encryptionKeyIToR, integrityKeyIToR, encryptionKeyRToI, integrityKeyRToI),
                encryptionKeyIToR.length);
    }

    public byte[] encryptionKeyIToR() {
        return Arrays.copyOfRange(keymat, 0, encryptionKeyLength);
    }

    public byte[] integrityKeyIToR() {
        return Arrays.copyOfRange(keymat, encryptionKeyLength, encryptionKeyLength + integrityKeyLength());
    }

    public byte[] encryptionKeyRToI() {
        int offset = encryptionKeyLength + integrityKeyLength();
        return Arrays.copyOfRange(keymat, offset, offset + encryptionKeyLength);
    }

    public byte[] integrityKeyRToI() {
        return Arrays.copyOfRange(keymat, keymat.length - integrityKeyLength(), keymat.length);
    }

    private int integrityKeyLength() {
        return (keymat.length - 2 * encryptionKeyLength) / 2;
    }

    /** Overwrites every key with zeros. Copies returned earlier are the caller's to wipe. */
    public void destroy() {
        Bytes.wipe(keymat);
    }

    @Override
    public String toString() {
        return "ChildKeys[encryption " + encryptionKeyLength + " bytes, integrity " + integrityKeyLength()
                + " bytes per direction]";
    }
}
