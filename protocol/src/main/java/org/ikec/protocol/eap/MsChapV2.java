package org.ikec.protocol.eap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The MS-CHAPv2 computations of RFC 2759 §8: NtPasswordHash (MD4 of the UTF-16LE password),
 * ChallengeHash, the 24-byte NT-Response (three DES encryptions of the challenge hash) and the
 * "S=" authenticator response. RFC 2759 §8.1 allows at most 256 Unicode
 * characters of password, which this class does not check.
 */
public final class MsChapV2 {

    public static final int CHALLENGE_LENGTH = 16;
    public static final int NT_RESPONSE_LENGTH = 24;

    /** Magic1 and Magic2 of RFC 2759 §8.7, in ASCII. */
    private static final byte[] MAGIC1 = ascii("Magic server to client signing constant");
    private static final byte[] MAGIC2 = ascii("Pad to make it do more than one iteration");

    private MsChapV2() {
    }

    /** Returns NtPasswordHash: MD4 over the password in UTF-16LE (§8.3). */
    public static byte[] ntPasswordHash(String password) {
        byte[] unicode = password.getBytes(StandardCharsets.UTF_16LE);
        byte[] hash = digest(new MD4Digest(), unicode);
        Arrays.fill(unicode, (byte) 0);
        return hash;
    }

    /** Returns HashNtPasswordHash: MD4 over the password hash (§8.4). */
    public static byte[] passwordHashHash(byte[] passwordHash) {
        return digest(new MD4Digest(), passwordHash);
    }

    /**
     * Returns ChallengeHash: the first 8 bytes of SHA-1 over the peer's and the authenticator's
     * challenges and the user name, which the caller passes without its domain prefix (§8.2).
     */
    public static byte[] challengeHash(byte[] peerChallenge, byte[] authenticatorChallenge, String userName) {
        byte[] hash = digest(new SHA1Digest(), peerChallenge, authenticatorChallenge, ascii(userName));
        return Arrays.copyOf(hash, 8);
    }

    /** Returns the NT-Response of GenerateNTResponse (§8.1) for a password hash. */
    public static byte[] ntResponse(byte[] authenticatorChallenge, byte[] peerChallenge, String userName,
                                    byte[] passwordHash) {
        byte[] challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);

        byte[] padded = Arrays.copyOf(passwordHash, 21);
        byte[] response = new byte[NT_RESPONSE_LENGTH];
        for (int block = 0; block < 3; block++) {
            desEncrypt(Arrays.copyOfRange(padded, block * 7, block * 7 + 7), challenge, response, block * 8);
        }
        Arrays.fill(padded, (byte) 0);
        return response;
    }

    /**
     * Returns the authenticator response of GenerateAuthenticatorResponse (§8.7): "S=" and 40
     * upper-case hex digits.
     */
    public static String authenticatorResponse(byte[] passwordHash, byte[] ntResponse, byte[] peerChallenge,
                                               byte[] authenticatorChallenge, String userName) {
        byte[] hashHash = passwordHashHash(passwordHash);
        byte[] digest = digest(new SHA1Digest(), hashHash, ntResponse, MAGIC1);
        byte[] challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
        byte[] signature = digest(new SHA1Digest(), digest, challenge, MAGIC2);
        Arrays.fill(hashHash, (byte) 0);
        return "S=" + EapPacket.hexUpper(signature);
    }

    /** Returns the user name that ChallengeHash covers: the part after the last backslash (§8.2). */
    public static String withoutDomain(String userName) {
        return userName.substring(userName.lastIndexOf('\\') + 1);
    }

    /** Encrypts one 8-byte block with DES under a 7-byte key spread over 8 bytes (§8.6); DES ignores the parity bits. */
    private static void desEncrypt(byte[] key7, byte[] clear, byte[] out, int offset) {
        byte[] key8 = new byte[8];
        long bits = 0;
        for (byte b : key7) {
            bits = bits << 8 | (b & 0xff);
        }
        for (int i = 0; i < 8; i++) {
            key8[i] = (byte) ((bits >>> (49 - 7 * i) & 0x7f) << 1);
        }

        DESEngine des = new DESEngine();
        des.init(true, new KeyParameter(key8));
        des.processBlock(clear, 0, out, offset);
        Arrays.fill(key8, (byte) 0);
    }

    static byte[] digest(Digest digest, byte[]... parts) {
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
