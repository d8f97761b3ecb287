package org.ikec.protocol.crypto;

/**
 * Protection of the Encrypted and Authenticated (SK) payload of one direction of an IKE SA
 * (RFC 7296 §3.14; RFC 5282 for AES-GCM, RFC 7634 for ChaCha20-Poly1305). Both methods work on a
 * whole message buffer that starts with the IKE header, so that the integrity check covers the
 * IKE header, any unencrypted payloads and the 4-byte SK generic payload header.
 *
 * <p>The encrypted part is IV | ciphertext | ICV, where the ciphertext encrypts the inner payload
 * chain, padding and one Pad Length byte. Instances are not thread-safe.
 */
public interface SkCipher {

    /** Returns the length in bytes of the IV written before the ciphertext. */
    int ivLength();

    /** Returns the length in bytes of the Integrity Checksum Data after the ciphertext. */
    int icvLength();

    /**
     * Returns the length of IV, ciphertext and ICV for an inner payload chain of
     * {@code plaintextLength} bytes: the length to add to the SK payload header's length and to the
     * message buffer.
     */
    int encryptedLength(int plaintextLength);

    /**
     * Encrypts and authenticates {@code plaintext} into {@code message} after the first
     * {@code aadLength} bytes, which the caller has already written: IKE header, unencrypted
     * payloads and the SK generic payload header. Writes a fresh IV, the ciphertext and the ICV.
     *
     * @throws IllegalArgumentException if {@code message.length != aadLength + encryptedLength(plaintext.length)}
     */
    void seal(byte[] message, int aadLength, byte[] plaintext);

    /**
     * Verifies and decrypts the SK payload content in {@code message[aadLength, messageLength)}
     * and returns the inner payload chain without padding.
     *
     * @throws IntegrityCheckFailedException if the ICV does not verify or any length is inconsistent
     */
    byte[] open(byte[] message, int aadLength, int messageLength) throws IntegrityCheckFailedException;
}
