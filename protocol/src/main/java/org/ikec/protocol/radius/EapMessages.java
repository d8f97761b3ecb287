package org.ikec.protocol.radius;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Carries an EAP message (RFC 3748 §4) in EAP-Message attributes (RFC 3579 §3.1). A message
 * longer than 253 octets is split over consecutive attributes, and the receiver joins all of
 * them in order.
 */
public final class EapMessages {

    private static final int EAP_HEADER_SIZE = 4;

    private EapMessages() {
    }

    /** Splits an EAP message into EAP-Message attributes of 253 octets, the last one shorter. */
    public static List<RadiusAttribute> split(byte[] eapMessage) {
        if (eapMessage.length == 0) {
            throw new IllegalArgumentException("an EAP message cannot be empty");
        }

        List<RadiusAttribute> attributes = new ArrayList<>();
        for (int offset = 0; offset < eapMessage.length; offset += RadiusAttribute.MAX_VALUE_SIZE) {
            int end = Math.min(eapMessage.length, offset + RadiusAttribute.MAX_VALUE_SIZE);
            attributes.add(new RadiusAttribute(RadiusAttributeType.EAP_MESSAGE,
                    Arrays.copyOfRange(eapMessage, offset, end)));
        }
        return attributes;
    }

    /**
     * Joins the EAP-Message attributes of a packet, or returns empty when there are none.
     *
     * @throws InvalidRadiusPacketException when the joined octets are shorter than an EAP header
     *         or differ in size from the EAP Length field
     */
    public static Optional<byte[]> join(RadiusPacket packet) throws InvalidRadiusPacketException {
        List<byte[]> parts = packet.all(RadiusAttributeType.EAP_MESSAGE);
        if (parts.isEmpty()) {
            return Optional.empty();
        }

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        byte[] eapMessage = joined.toByteArray();

        if (eapMessage.length < EAP_HEADER_SIZE) {
            throw InvalidRadiusPacketException.malformed("EAP-Message of " + eapMessage.length
                    + " octets is shorter than the 4-octet EAP header");
        }
        int eapLength = (eapMessage[2] & 0xff) << 8 | (eapMessage[3] & 0xff);
        if (eapLength != eapMessage.length) {
            throw InvalidRadiusPacketException.malformed("EAP Length " + eapLength + " differs from the "
                    + eapMessage.length + " octets in the EAP-Message attributes");
        }
        return Optional.of(eapMessage);
    }
}
