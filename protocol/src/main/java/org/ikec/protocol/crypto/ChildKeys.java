package org.ikec.protocol.crypto;

/**
 * The keys of one Child SA taken from KEYMAT (RFC 7296 §2.17), for installation in the IPsec
 * data path. Encryption keys of AEAD ciphers end with their 4-byte salt (RFC 4106 §8.1,
 * RFC 7634 §2); integrity keys are empty for AEAD ciphers. The arrays are not copied: the caller
 * owns them and should {@link #destroy()} them after installing the SA. toString prints no keys.
 */
public record ChildKeys(byte[] encryptionKeyIToR, byte[] integrityKeyIToR, byte[] encryptionKeyRToI,
                        byte[] integrityKeyRToI) {

    /** Overwrites every key with zeros. */
    public void destroy() {
        Bytes.wipe(encryptionKeyIToR);
        Bytes.wipe(integrityKeyIToR);
        Bytes.wipe(encryptionKeyRToI);
        Bytes.wipe(integrityKeyRToI);
    }

    @Override
    public String toString() {
        return "ChildKeys[encryption " + encryptionKeyIToR.length + " bytes, integrity "
                + integrityKeyIToR.length + " bytes per direction]";
    }
}
