package org.ikec.protocol.eap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SHA1Digest;

/**
 * The MS-CHAPv2 key derivation of RFC 3079 §3.4 (GetMasterKey, GetAsymmetricStartKey with 128-bit
 * keys) and the EAP-MSCHAPv2 MSK built from it. The MSK is the authenticator's receive key, its
 * send key and 32 zero bytes, 64 bytes in all. strongSwan 5.9.8's eap-mschapv2 plugin accepts
 * IKE_AUTH payloads keyed with it.
 */
public final class MppeKeys {

    public static final int MSK_LENGTH = 64;
    private static final int KEY_LENGTH = 16;

    private static final byte[] MAGIC1 = ascii("This is the MPPE Master Key");
    /** The client's send key and the server's receive key. */
    private static final byte[] MAGIC2 = ascii(
            "On the client side, this is the send key; on the server side, it is the receive key.");
    /** The client's receive key and the server's send key. */
    private static final byte[] MAGIC3 = ascii(
            "On the client side, this is the receive key; on the server side, it is the send key.");
    private static final byte[] SHS_PAD1 = new byte[40];
    private static final byte[] SHS_PAD2 = filled(40, (byte) 0xf2);

    private MppeKeys() {
    }

    /** Returns GetMasterKey: the first 16 bytes of SHA-1 over PasswordHashHash, NT-Response and Magic1. */
    public static byte[] masterKey(byte[] passwordHashHash, byte[] ntResponse) {
        byte[] hash = MsChapV2.digest(new SHA1Digest(), passwordHashHash, ntResponse, MAGIC1);
        return Arrays.copyOf(hash, KEY_LENGTH);
    }

    /** Returns GetAsymmetricStartKey for a 16-byte key, seen from the side that {@code server} names. */
    public static byte[] asymmetricStartKey(byte[] masterKey, boolean send, boolean server) {
        byte[] magic = send == server ? MAGIC3 : MAGIC2;
        byte[] hash = MsChapV2.digest(new SHA1Digest(), masterKey, SHS_PAD1, magic, SHS_PAD2);
        return Arrays.copyOf(hash, KEY_LENGTH);
    }

    /** Returns the 64-byte MSK of a completed EAP-MSCHAPv2 exchange. */
    public static byte[] msk(byte[] passwordHash, byte[] ntResponse) {
        byte[] hashHash = MsChapV2.passwordHashHash(passwordHash);
        byte[] master = masterKey(hashHash, ntResponse);
        byte[] receive = asymmetricStartKey(master, false, true);
        byte[] send = asymmetricStartKey(master, true, true);

        byte[] msk = new byte[MSK_LENGTH];
        System.arraycopy(receive, 0, msk, 0, KEY_LENGTH);
        System.arraycopy(send, 0, msk, KEY_LENGTH, KEY_LENGTH);
        for (byte[] secret : new byte[][] {hashHash, master, receive, send}) {
            Arrays.fill(secret, (byte) 0);
        }
        return msk;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
