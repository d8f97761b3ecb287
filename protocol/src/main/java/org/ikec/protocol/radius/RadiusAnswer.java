package org.ikec.protocol.radius;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.ikec.protocol.config.AddressText;

/**
 * A verified Access-Accept, Access-Reject or Access-Challenge with the values an EAP
 * pass-through NAS acts on: the joined EAP message (RFC 3579 §3.1), the State to echo
 * (RFC 2865 §5.24), the Framed-IP-Address (RFC 2865 §5.8), the Framed-IPv6-Address
 * (RFC 6911 §3.1) and, on an Accept, the MSK from the MPPE keys (see {@link MppeKeys}).
 *
 * @param packet             the response as received and verified
 * @param eapMessage         joined EAP-Message attributes, if any
 * @param state              value of State, if any
 * @param framedIpAddress    value of the first Framed-IP-Address, if any
 * @param framedIpv6Address  value of the first Framed-IPv6-Address, if any
 * @param msk                MS-MPPE-Recv-Key then MS-MPPE-Send-Key, on an Accept carrying both
 */
public record RadiusAnswer(RadiusPacket packet, Optional<byte[]> eapMessage, Optional<byte[]> state,
        Optional<Inet4Address> framedIpAddress, Optional<Inet6Address> framedIpv6Address, Optional<byte[]> msk) {

    /**
     * Reads the values out of a response that {@link RadiusAuthenticators#verifyResponse} accepted.
     *
     * @throws InvalidRadiusPacketException when EAP-Message, Framed-IP-Address,
     *         Framed-IPv6-Address or an MPPE key is malformed
     */
    public static RadiusAnswer of(RadiusPacket packet, byte[] secret, byte[] requestAuthenticator)
            throws InvalidRadiusPacketException {
        Optional<byte[]> eapMessage = EapMessages.join(packet);
        Optional<byte[]> state = packet.first(RadiusAttributeType.STATE);
        Optional<Inet4Address> framedIpAddress = address(packet, RadiusAttributeType.FRAMED_IP_ADDRESS, 4)
                .map(Inet4Address.class::cast);
        Optional<Inet6Address> framedIpv6Address = address(packet, RadiusAttributeType.FRAMED_IPV6_ADDRESS, 16)
                .map(Inet6Address.class::cast);
        Optional<byte[]> msk = packet.code() == RadiusCode.ACCESS_ACCEPT
                ? MppeKeys.msk(packet, secret, requestAuthenticator)
                : Optional.empty();
        return new RadiusAnswer(packet, eapMessage, state, framedIpAddress, framedIpv6Address, msk);
    }

    public RadiusCode code() {
        return packet.code();
    }

    /** Decodes the first attribute of {@code type}, whose value must be an address of {@code length} octets. */
    private static Optional<InetAddress> address(RadiusPacket packet, int type, int length)
            throws InvalidRadiusPacketException {
        Optional<byte[]> value = packet.first(type);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().length != length) {
            throw InvalidRadiusPacketException.malformed(RadiusAttributeType.name(type) + " has "
                    + value.get().length + " octets instead of " + length);
        }
        try {
            // Inet6Address.getByAddress keeps an IPv4-mapped IPv6 address an IPv6 address.
            return Optional.of(length == 4 ? InetAddress.getByAddress(value.get())
                    : Inet6Address.getByAddress(null, value.get(), -1));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 octets always form an IP address", e);
        }
    }

    /** Leaves out the MSK, because it is a key. */
    @Override
    public String toString() {
        return "RadiusAnswer[" + packet + ", framedIpAddress=" + framedIpAddress.map(Inet4Address::getHostAddress)
                .orElse("none") + ", framedIpv6Address=" + framedIpv6Address.map(AddressText::of)
                .orElse("none") + ", msk=" + (msk.isPresent() ? "present" : "none") + "]";
    }
}
