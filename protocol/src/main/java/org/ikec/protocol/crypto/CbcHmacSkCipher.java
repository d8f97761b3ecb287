package org.ikec.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SK payload protection with AES-CBC (RFC 3602) and a truncated HMAC-SHA2 ICV (RFC 4868), as in
 * RFC 7296 §3.14. Each message gets a random 16-byte IV and zero-byte padding to the block size.
 * The ICV covers the whole message from the IKE header to the end of the ciphertext, and it is
 * checked in constant time before anything is decrypted.
 *
 * <p>An instance keeps the keys as bytes and gets a new {@link Cipher} and {@link Mac} from the JDK
 * for each message, so an idle IKE SA keeps no AES key schedule or HMAC state in the heap.
 */
final class CbcHmacSkCipher implements SkCipher {

    static final int BLOCK_LENGTH = 16;

    private final int keyBits;
    private final int integId;
    private final byte[] encryptionKey;
    private final byte[] integrityKey;
    private final int icvLength;

    CbcHmacSkCipher(byte[] encryptionKey, int integId, byte[] integrityKey) {
        this.keyBits = encryptionKey.length * 8;
        this.integId = integId;
        this.encryptionKey = encryptionKey.clone();
        this.integrityKey = integrityKey.clone();
        this.icvLength = Algorithms.integrityIcvLength(integId);
        newCipher();
        newMac();
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no AES-CBC", e);
        }
    }

    private Mac newMac() {
        String algorithm = Algorithms.integrityMacAlgorithm(integId);
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(integrityKey, algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot provide "
                    + Algorithms.name(Algorithms.TYPE_INTEG, integId, 0), e);
        }
    }

    @Override
    public int ivLength() {
        return BLOCK_LENGTH;
    }

    @Override
    public int icvLength() {
        return icvLength;
    }

    @Override
    public int encryptedLength(int plaintextLength) {
        return BLOCK_LENGTH + paddedLength(plaintextLength) + icvLength;
    }

    private static int paddedLength(int plaintextLength) {
        return (plaintextLength + 1 + BLOCK_LENGTH - 1) / BLOCK_LENGTH * BLOCK_LENGTH;
    }

    @Override
    public void seal(byte[] message, int aadLength, byte[] plaintext) {
        if (aadLength < 0 || message.length != aadLength + encryptedLength(plaintext.length)) {
            throw new IllegalArgumentException("message buffer of " + message.length + " bytes does not fit "
                    + aadLength + " bytes of header and " + plaintext.length + " bytes of plaintext");
        }
        int ciphertextOffset = aadLength + BLOCK_LENGTH;
        int ciphertextLength = paddedLength(plaintext.length);

        byte[] iv = SecureRandoms.nonce(BLOCK_LENGTH);
        System.arraycopy(iv, 0, message, aadLength, BLOCK_LENGTH);
        byte[] padded = Arrays.copyOf(plaintext, ciphertextLength);
        padded[ciphertextLength - 1] = (byte) (ciphertextLength - 1 - plaintext.length);

        try {
            Cipher cipher = newCipher();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
            cipher.doFinal(padded, 0, ciphertextLength, message, ciphertextOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC encryption failed", e);
        } finally {
            Bytes.wipe(padded);
        }
        byte[] icv = icv(message, ciphertextOffset + ciphertextLength);
        System.arraycopy(icv, 0, message, ciphertextOffset + ciphertextLength, icvLength);
    }

    @Override
    public byte[] open(byte[] message, int aadLength, int messageLength) throws IntegrityCheckFailedException {
        int ciphertextOffset = aadLength + BLOCK_LENGTH;
        int ciphertextLength = messageLength - ciphertextOffset - icvLength;
        if (aadLength < 0 || messageLength > message.length || ciphertextLength < BLOCK_LENGTH) {
            throw new IntegrityCheckFailedException("SK payload of " + (messageLength - aadLength)
                    + " bytes is shorter than IV, one block and ICV");
        }
        if (ciphertextLength % BLOCK_LENGTH != 0) {
            throw new IntegrityCheckFailedException("SK payload ciphertext of " + ciphertextLength
                    + " bytes is not a multiple of the " + BLOCK_LENGTH + "-byte block size");
        }

        byte[] expectedIcv = icv(message, ciphertextOffset + ciphertextLength);
        byte[] receivedIcv = Arrays.copyOfRange(message, messageLength - icvLength, messageLength);
        if (!MessageDigest.isEqual(expectedIcv, receivedIcv)) {
            throw new IntegrityCheckFailedException("SK payload ICV does not verify");
        }

        byte[] decrypted;
        try {
            Cipher cipher = newCipher();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"),
                    new IvParameterSpec(message, aadLength, BLOCK_LENGTH));
            decrypted = cipher.doFinal(message, ciphertextOffset, ciphertextLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC decryption failed", e);
        }
        return PadLength.strip(decrypted);
    }

    /** Computes the truncated HMAC over {@code message[0, end)}. */
    private byte[] icv(byte[] message, int end) {
        Mac mac = newMac();
        mac.update(message, 0, end);
        return Arrays.copyOf(mac.doFinal(), icvLength);
    }

    @Override
    public String toString() {
        return "SkCipher[" + Algorithms.name(Algorithms.TYPE_ENCR, Algorithms.ENCR_AES_CBC, keyBits) + "-"
                + Algorithms.name(Algorithms.TYPE_INTEG, integId, 0) + "]";
    }
}
