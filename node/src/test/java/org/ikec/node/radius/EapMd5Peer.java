package org.ikec.node.radius;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The peer side of EAP-MD5 (RFC 3748 §5.4) for tests: builds EAP-Response/Identity and the
 * MD5-Challenge response, whose value is MD5(Identifier + password + challenge) as in CHAP
 * (RFC 1994 §4.1).
 */
final class EapMd5Peer {

    static final int CODE_REQUEST = 1;
    static final int CODE_RESPONSE = 2;
    static final int CODE_SUCCESS = 3;
    static final int CODE_FAILURE = 4;
    static final int TYPE_IDENTITY = 1;
    static final int TYPE_MD5_CHALLENGE = 4;

    private EapMd5Peer() {
    }

    static byte[] identityResponse(int identifier, String identity) {
        return response(identifier, TYPE_IDENTITY, identity.getBytes(StandardCharsets.UTF_8));
    }

    /** Builds the EAP-Response to an EAP-Request/MD5-Challenge from the given password. */
    static byte[] md5ChallengeResponse(byte[] challengeRequest, String password) throws NoSuchAlgorithmException {
        if ((challengeRequest[0] & 0xff) != CODE_REQUEST || (challengeRequest[4] & 0xff) != TYPE_MD5_CHALLENGE) {
            throw new IllegalArgumentException("not an EAP-Request/MD5-Challenge: "
                    + Arrays.toString(challengeRequest));
        }
        int identifier = challengeRequest[1] & 0xff;
        int valueSize = challengeRequest[5] & 0xff;
        byte[] challenge = Arrays.copyOfRange(challengeRequest, 6, 6 + valueSize);

        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update((byte) identifier);
        md5.update(password.getBytes(StandardCharsets.UTF_8));
        md5.update(challenge);
        byte[] value = md5.digest();

        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(value.length);
        data.writeBytes(value);
        return response(identifier, TYPE_MD5_CHALLENGE, data.toByteArray());
    }

    private static byte[] response(int identifier, int type, byte[] typeData) {
        int length = 5 + typeData.length;
        byte[] message = new byte[length];
        message[0] = CODE_RESPONSE;
        message[1] = (byte) identifier;
        message[2] = (byte) (length >>> 8);
        message[3] = (byte) length;
        message[4] = (byte) type;
        System.arraycopy(typeData, 0, message, 5, typeData.length);
        return message;
    }
}
