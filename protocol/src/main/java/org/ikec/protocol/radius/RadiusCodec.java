package org.ikec.protocol.radius;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes the RADIUS packet format of RFC 2865 §3 and §5: a 20-octet header of Code,
 * Identifier, Length and Authenticator, then Type-Length-Value attributes. Octets after the
 * Length field are padding and ignored on decoding, as §3 requires. This class checks structure
 * only; {@link RadiusAuthenticators} checks the authenticators.
 */
public final class RadiusCodec {

    /** Size of Code, Identifier, Length and Authenticator. */
    public static final int HEADER_SIZE = 20;
    /** Maximum packet size (RFC 2865 §3). */
    public static final int MAX_PACKET_SIZE = 4096;

    private static final int ATTRIBUTE_HEADER_SIZE = 2;

    private RadiusCodec() {
    }

    /** Encodes a packet with its attributes in list order. */
    public static byte[] encode(RadiusPacket packet) {
        int length = HEADER_SIZE;
        for (RadiusAttribute attribute : packet.attributes()) {
            length += ATTRIBUTE_HEADER_SIZE + attribute.value().length;
        }
        if (length > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("RADIUS packet of " + length + " octets exceeds the maximum of "
                    + MAX_PACKET_SIZE);
        }

        byte[] out = new byte[length];
        out[0] = (byte) packet.code().value();
        out[1] = (byte) packet.identifier();
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        System.arraycopy(packet.authenticator(), 0, out, 4, RadiusPacket.AUTHENTICATOR_SIZE);
        int offset = HEADER_SIZE;
        for (RadiusAttribute attribute : packet.attributes()) {
            byte[] value = attribute.value();
            out[offset] = (byte) attribute.type();
            out[offset + 1] = (byte) (ATTRIBUTE_HEADER_SIZE + value.length);
            System.arraycopy(value, 0, out, offset + ATTRIBUTE_HEADER_SIZE, value.length);
            offset += ATTRIBUTE_HEADER_SIZE + value.length;
        }
        return out;
    }

    /**
     * Decodes a received datagram.
     *
     * @throws InvalidRadiusPacketException when the datagram is shorter than the header or its
     *         Length field, the Length is outside 20..4096, an attribute Length is below 2 or runs
     *         past the packet, or the Code is not handled
     */
    public static RadiusPacket decode(byte[] datagram) throws InvalidRadiusPacketException {
        int length = packetLength(datagram);

        RadiusCode code = RadiusCode.of(datagram[0] & 0xff);
        int identifier = datagram[1] & 0xff;
        byte[] authenticator = Arrays.copyOfRange(datagram, 4, HEADER_SIZE);
        List<RadiusAttribute> attributes = new ArrayList<>();
        int offset = HEADER_SIZE;
        while (offset < length) {
            if (length - offset < ATTRIBUTE_HEADER_SIZE) {
                throw InvalidRadiusPacketException.malformed("RADIUS attribute header at offset " + offset
                        + " needs 2 octets but only " + (length - offset) + " remain");
            }
            int type = datagram[offset] & 0xff;
            int attributeLength = datagram[offset + 1] & 0xff;
            if (type == 0) {
                throw InvalidRadiusPacketException.malformed("RADIUS attribute at offset " + offset + " has type 0");
            }
            if (attributeLength < ATTRIBUTE_HEADER_SIZE || attributeLength > length - offset) {
                throw InvalidRadiusPacketException.malformed(RadiusAttributeType.name(type) + " at offset " + offset
                        + " has Length " + attributeLength + " but " + (length - offset) + " octets remain");
            }
            attributes.add(new RadiusAttribute(type,
                    Arrays.copyOfRange(datagram, offset + ATTRIBUTE_HEADER_SIZE, offset + attributeLength)));
            offset += attributeLength;
        }
        return new RadiusPacket(code, identifier, authenticator, attributes);
    }

    /** Returns the Length field after checking it against the datagram and the RFC limits. */
    static int packetLength(byte[] datagram) throws InvalidRadiusPacketException {
        if (datagram.length < HEADER_SIZE) {
            throw InvalidRadiusPacketException.malformed("RADIUS datagram of " + datagram.length
                    + " octets is shorter than the 20-octet header");
        }
        int length = (datagram[2] & 0xff) << 8 | (datagram[3] & 0xff);
        if (length < HEADER_SIZE || length > MAX_PACKET_SIZE) {
            throw InvalidRadiusPacketException.malformed("RADIUS Length " + length + " is outside 20..4096");
        }
        if (length > datagram.length) {
            throw InvalidRadiusPacketException.malformed("RADIUS Length " + length + " exceeds the datagram of "
                    + datagram.length + " octets");
        }
        return length;
    }
}
