package org.ikec.protocol.radius;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.ikec.protocol.radius.InvalidRadiusPacketException.Reason;

/**
 * The shared-secret checks of RADIUS: the Response Authenticator of RFC 2865 §3, MD5 over Code,
 * Identifier, Length, the Request Authenticator, the attributes and the secret, and the
 * Message-Authenticator of RFC 3579 §3.2, HMAC-MD5 keyed with the secret over the whole packet
 * with its own value zeroed and, in a response, the Request Authenticator in place of the
 * Response Authenticator. Comparisons run in constant time.
 */
public final class RadiusAuthenticators {

    /** Size of the Message-Authenticator value, an HMAC-MD5 output. */
    public static final int MESSAGE_AUTHENTICATOR_SIZE = 16;

    private static final int AUTHENTICATOR_OFFSET = 4;

    private RadiusAuthenticators() {
    }

    /**
     * Encodes an Access-Request with a Message-Authenticator as its first attribute, ahead of
     * the given ones. RFC 3579 §3.2 requires it whenever EAP-Message is present, and sending it
     * on every request lets a server that requires it accept all of them.
     */
    public static byte[] signRequest(int identifier, byte[] requestAuthenticator, List<RadiusAttribute> attributes,
            byte[] secret) {
        List<RadiusAttribute> withPlaceholder = new ArrayList<>(attributes.size() + 1);
        withPlaceholder.add(new RadiusAttribute(RadiusAttributeType.MESSAGE_AUTHENTICATOR,
                new byte[MESSAGE_AUTHENTICATOR_SIZE]));
        withPlaceholder.addAll(attributes);
        byte[] packet = RadiusCodec.encode(
                new RadiusPacket(RadiusCode.ACCESS_REQUEST, identifier, requestAuthenticator, withPlaceholder));

        byte[] mac = hmacMd5(secret, packet);

        System.arraycopy(mac, 0, packet, RadiusCodec.HEADER_SIZE + 2, MESSAGE_AUTHENTICATOR_SIZE);
        return packet;
    }

    /**
     * Encodes a response as a RADIUS server does: Message-Authenticator last, computed with the
     * Request Authenticator in the Authenticator field, then the Response Authenticator over the
     * result. The node never sends responses; tests use this to act as a server.
     */
    public static byte[] signResponse(RadiusCode code, int identifier, byte[] requestAuthenticator,
            List<RadiusAttribute> attributes, byte[] secret) {
        List<RadiusAttribute> withPlaceholder = new ArrayList<>(attributes);
        withPlaceholder.add(new RadiusAttribute(RadiusAttributeType.MESSAGE_AUTHENTICATOR,
                new byte[MESSAGE_AUTHENTICATOR_SIZE]));
        byte[] packet = RadiusCodec.encode(
                new RadiusPacket(code, identifier, requestAuthenticator, withPlaceholder));

        byte[] mac = hmacMd5(secret, packet);
        System.arraycopy(mac, 0, packet, packet.length - MESSAGE_AUTHENTICATOR_SIZE, MESSAGE_AUTHENTICATOR_SIZE);
        byte[] responseAuthenticator = md5(packet, secret);

        System.arraycopy(responseAuthenticator, 0, packet, AUTHENTICATOR_OFFSET, RadiusPacket.AUTHENTICATOR_SIZE);
        return packet;
    }

    /**
     * Decodes a response and checks it against the request it belongs to.
     *
     * @param datagram                      the received datagram
     * @param requestAuthenticator          Request Authenticator of the request sent
     * @param secret                        shared secret of the server
     * @param requireMessageAuthenticator   whether a missing Message-Authenticator is an error,
     *                                      as it is for responses to requests carrying EAP-Message
     * @throws InvalidRadiusPacketException when the response is malformed or a check fails
     */
    public static RadiusPacket verifyResponse(byte[] datagram, byte[] requestAuthenticator, byte[] secret,
            boolean requireMessageAuthenticator) throws InvalidRadiusPacketException {
        RadiusPacket packet = RadiusCodec.decode(datagram);
        int length = RadiusCodec.packetLength(datagram);
        byte[] signed = Arrays.copyOf(datagram, length);
        System.arraycopy(requestAuthenticator, 0, signed, AUTHENTICATOR_OFFSET, RadiusPacket.AUTHENTICATOR_SIZE);

        byte[] expectedResponse = md5(signed, secret);
        if (!MessageDigest.isEqual(expectedResponse, packet.authenticator())) {
            throw new InvalidRadiusPacketException(Reason.BAD_RESPONSE_AUTHENTICATOR, packet.code()
                    + " id=" + packet.identifier() + ": Response Authenticator does not match the shared secret");
        }

        int macOffset = messageAuthenticatorOffset(packet.code(), packet.identifier(), signed);
        if (macOffset < 0) {
            if (requireMessageAuthenticator) {
                throw new InvalidRadiusPacketException(Reason.MISSING_MESSAGE_AUTHENTICATOR,
                        packet.code() + " id=" + packet.identifier()
                                + " responds to an EAP request but has no Message-Authenticator");
            }
            return packet;
        }
        byte[] received = Arrays.copyOfRange(signed, macOffset, macOffset + MESSAGE_AUTHENTICATOR_SIZE);
        Arrays.fill(signed, macOffset, macOffset + MESSAGE_AUTHENTICATOR_SIZE, (byte) 0);
        if (!MessageDigest.isEqual(hmacMd5(secret, signed), received)) {
            throw new InvalidRadiusPacketException(Reason.BAD_MESSAGE_AUTHENTICATOR, packet.code()
                    + " id=" + packet.identifier() + ": Message-Authenticator does not match the shared secret");
        }
        return packet;
    }

    /**
     * Returns the offset of the Message-Authenticator value in an encoded packet, or -1 when
     * there is none. The packet structure must already have been checked by decoding.
     */
    static int messageAuthenticatorOffset(RadiusCode code, int identifier, byte[] packet)
            throws InvalidRadiusPacketException {
        int found = -1;
        int offset = RadiusCodec.HEADER_SIZE;
        while (offset < packet.length) {
            int type = packet[offset] & 0xff;
            int length = packet[offset + 1] & 0xff;
            if (type == RadiusAttributeType.MESSAGE_AUTHENTICATOR) {
                if (found >= 0 || length != 2 + MESSAGE_AUTHENTICATOR_SIZE) {
                    throw InvalidRadiusPacketException.malformed(code + " id=" + identifier
                            + ": Message-Authenticator must appear once with 16 octets");
                }
                found = offset + 2;
            }
            offset += length;
        }
        return found;
    }

    /** Returns HMAC-MD5 (RFC 2104) of the data keyed with the shared secret. */
    static byte[] hmacMd5(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(secret, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-MD5 is not available in this JVM", e);
        }
    }

    /** Returns MD5 over the parts joined in order. */
    static byte[] md5(byte[]... parts) {
        MessageDigest digest = md5Digest();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JVM", e);
        }
    }
}
