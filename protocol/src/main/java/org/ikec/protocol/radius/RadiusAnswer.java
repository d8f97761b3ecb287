package org.ikec.protocol.radius;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A verified Access-Accept, Access-Reject or Access-Challenge with the values an EAP
 * pass-through NAS acts on: the joined EAP message (RFC 3579 §3.1), the State to echo
 * (RFC 2865 §5.24), the Framed-IP-Address (RFC 2865 §5.8) and, on an Accept, the MSK from the
 * MPPE keys (see {@link MppeKeys}).
 *
 * @param packet           the response as received and verified
 * @param eapMessage       joined EAP-Message attributes, if any
 * @param state            value of State, if any
 * @param framedIpAddress  value of Framed-IP-Address, if any
 * @param msk              MS-MPPE-Recv-Key then MS-MPPE-Send-Key, on an Accept carrying both
 */
public record RadiusAnswer(RadiusPacket packet, Optional<byte[]> eapMessage, Optional<byte[]> state,
        Optional<Inet4Address> framedIpAddress, Optional<byte[]> msk) {

    /**
     * Reads the values out of a response that {@link RadiusAuthenticators#verifyResponse} accepted.
     *
     * @throws InvalidRadiusPacketException when EAP-Message, Framed-IP-Address or an MPPE key
     *         is malformed
     */
    public static RadiusAnswer of(RadiusPacket packet, byte[] secret, byte[] requestAuthenticator)
            throws InvalidRadiusPacketException {
        Optional<byte[]> eapMessage = EapMessages.join(packet);
        Optional<byte[]> state = packet.first(RadiusAttributeType.STATE);
        Optional<Inet4Address> framedIpAddress = framedIpAddress(packet);
        Optional<byte[]> msk = packet.code() == RadiusCode.ACCESS_ACCEPT
                ? MppeKeys.msk(packet, secret, requestAuthenticator)
                : Optional.empty();
        return new RadiusAnswer(packet, eapMessage, state, framedIpAddress, msk);
    }

    public RadiusCode code() {
        return packet.code();
    }

    private static Optional<Inet4Address> framedIpAddress(RadiusPacket packet) throws InvalidRadiusPacketException {
        Optional<byte[]> value = packet.first(RadiusAttributeType.FRAMED_IP_ADDRESS);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().length != 4) {
            throw InvalidRadiusPacketException.malformed("Framed-IP-Address has " + value.get().length
                    + " octets instead of 4");
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(value.get()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four octets always form an IPv4 address", e);
        }
    }

    /** Leaves out the MSK, because it is a key. */
    @Override
    public String toString() {
        return "RadiusAnswer[" + packet + ", framedIpAddress=" + framedIpAddress.map(Inet4Address::getHostAddress)
                .orElse("none") + ", msk=" + (msk.isPresent() ? "present" : "none") + "]";
    }
}
