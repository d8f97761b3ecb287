package org.ikec.protocol.radius;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The MS-MPPE-Send-Key and MS-MPPE-Recv-Key encryption of RFC 2548 §2.4.2 and §2.4.3, and the
 * MSK an EAP pass-through NAS forms from them. The attribute data is a two-octet Salt, whose
 * high bit is set, and a String. The plaintext is a Key-Length octet, the key and zero padding
 * to a multiple of 16 octets. It is hidden in 16-octet blocks: b(1) = MD5(secret + Request
 * Authenticator + Salt), b(i) = MD5(secret + c(i-1)), c(i) = p(i) xor b(i).
 *
 * <p>The MSK is Recv-Key followed by Send-Key, the order strongSwan's libradius joins them in
 * (radius_socket.c, decrypt_msk), so an IKEv2 peer that authenticates with this MSK computes the
 * same AUTH value as with strongSwan's eap-radius plugin.
 */
public final class MppeKeys {

    private static final int SALT_SIZE = 2;
    private static final int BLOCK_SIZE = 16;

    private MppeKeys() {
    }

    /**
     * Returns the MSK from an Access-Accept: the decrypted MS-MPPE-Recv-Key then
     * MS-MPPE-Send-Key, or empty when either key is missing, as EAP methods without key
     * derivation (EAP-MD5) leave them out.
     *
     * @throws InvalidRadiusPacketException when a Microsoft Vendor-Specific attribute or a key is
     *         malformed
     */
    public static Optional<byte[]> msk(RadiusPacket accept, byte[] secret, byte[] requestAuthenticator)
            throws InvalidRadiusPacketException {
        byte[] recvKey = null;
        byte[] sendKey = null;
        for (byte[] value : accept.all(RadiusAttributeType.VENDOR_SPECIFIC)) {
            if (VendorSpecific.vendorId(value) != RadiusAttributeType.VENDOR_MICROSOFT) {
                continue;
            }
            for (VendorSpecific subAttribute : VendorSpecific.decode(value)) {
                if (subAttribute.vendorType() == RadiusAttributeType.MS_MPPE_RECV_KEY) {
                    recvKey = decrypt(subAttribute.data(), secret, requestAuthenticator);
                } else if (subAttribute.vendorType() == RadiusAttributeType.MS_MPPE_SEND_KEY) {
                    sendKey = decrypt(subAttribute.data(), secret, requestAuthenticator);
                }
            }
        }
        if (recvKey == null || sendKey == null) {
            return Optional.empty();
        }

        byte[] msk = new byte[recvKey.length + sendKey.length];
        System.arraycopy(recvKey, 0, msk, 0, recvKey.length);
        System.arraycopy(sendKey, 0, msk, recvKey.length, sendKey.length);
        Arrays.fill(recvKey, (byte) 0);
        Arrays.fill(sendKey, (byte) 0);
        return Optional.of(msk);
    }

    /**
     * Decrypts the data of an MS-MPPE-Send-Key or MS-MPPE-Recv-Key sub-attribute.
     *
     * @param saltAndString        the sub-attribute data: Salt, then the encrypted String
     * @param secret               shared secret of the server
     * @param requestAuthenticator Request Authenticator of the Access-Request
     * @throws InvalidRadiusPacketException when the String is empty or not a multiple of 16
     *         octets, the Salt lacks its high bit, or the Key-Length exceeds the String
     */
    public static byte[] decrypt(byte[] saltAndString, byte[] secret, byte[] requestAuthenticator)
            throws InvalidRadiusPacketException {
        int stringLength = saltAndString.length - SALT_SIZE;
        if (stringLength < BLOCK_SIZE || stringLength % BLOCK_SIZE != 0) {
            throw InvalidRadiusPacketException.malformed("MS-MPPE key String of " + Math.max(stringLength, 0)
                    + " octets is not a positive multiple of 16");
        }
        if ((saltAndString[0] & 0x80) == 0) {
            throw InvalidRadiusPacketException.malformed("MS-MPPE key Salt lacks its high bit");
        }

        byte[] salt = Arrays.copyOf(saltAndString, SALT_SIZE);
        byte[] plain = new byte[stringLength];
        byte[] chain = concat(requestAuthenticator, salt);
        for (int offset = 0; offset < stringLength; offset += BLOCK_SIZE) {
            byte[] block = mask(secret, chain);
            for (int i = 0; i < BLOCK_SIZE; i++) {
                plain[offset + i] = (byte) (saltAndString[SALT_SIZE + offset + i] ^ block[i]);
            }
            chain = Arrays.copyOfRange(saltAndString, SALT_SIZE + offset, SALT_SIZE + offset + BLOCK_SIZE);
        }

        int keyLength = plain[0] & 0xff;
        if (keyLength > stringLength - 1) {
            Arrays.fill(plain, (byte) 0);
            throw InvalidRadiusPacketException.malformed("MS-MPPE Key-Length " + keyLength
                    + " exceeds the decrypted String of " + stringLength + " octets; is the shared secret right?");
        }
        byte[] key = Arrays.copyOfRange(plain, 1, 1 + keyLength);
        Arrays.fill(plain, (byte) 0);
        return key;
    }

    /**
     * Encrypts a key into the data of an MS-MPPE-Send-Key or MS-MPPE-Recv-Key sub-attribute,
     * as a RADIUS server does. The node never sends these; the method exists to test decryption.
     *
     * @param salt two octets, the first with its high bit set
     */
    public static byte[] encrypt(byte[] key, byte[] salt, byte[] secret, byte[] requestAuthenticator) {
        if (salt.length != SALT_SIZE || (salt[0] & 0x80) == 0) {
            throw new IllegalArgumentException("MS-MPPE Salt must be 2 octets with the high bit set");
        }
        if (key.length > 255) {
            throw new IllegalArgumentException("MS-MPPE key of " + key.length + " octets exceeds 255");
        }

        int plainLength = (1 + key.length + BLOCK_SIZE - 1) / BLOCK_SIZE * BLOCK_SIZE;
        byte[] plain = new byte[plainLength];
        plain[0] = (byte) key.length;
        System.arraycopy(key, 0, plain, 1, key.length);

        byte[] out = new byte[SALT_SIZE + plainLength];
        System.arraycopy(salt, 0, out, 0, SALT_SIZE);
        byte[] chain = concat(requestAuthenticator, salt);
        for (int offset = 0; offset < plainLength; offset += BLOCK_SIZE) {
            byte[] block = mask(secret, chain);
            for (int i = 0; i < BLOCK_SIZE; i++) {
                out[SALT_SIZE + offset + i] = (byte) (plain[offset + i] ^ block[i]);
            }
            chain = Arrays.copyOfRange(out, SALT_SIZE + offset, SALT_SIZE + offset + BLOCK_SIZE);
        }
        Arrays.fill(plain, (byte) 0);
        return out;
    }

    /** Returns MD5(secret + chain), the mask for one block. */
    private static byte[] mask(byte[] secret, byte[] chain) {
        MessageDigest digest = RadiusAuthenticators.md5Digest();
        digest.update(secret);
        digest.update(chain);
        return digest.digest();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
