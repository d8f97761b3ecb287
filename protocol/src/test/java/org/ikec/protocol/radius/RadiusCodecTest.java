package org.ikec.protocol.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RadiusCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 2865 §7.1: Access-Accept with Service-Type, Login-Service and Login-IP-Host.
    private static final String RFC_ACCEPT = "0200002686fe220e7624ba2a1005f6bf9b55e0b2"
            + "0606000000010f06000000000e06c0a80103";

    @Test
    void decodesRfcAccept() throws Exception {
        RadiusPacket packet = RadiusCodec.decode(HEX.parseHex(RFC_ACCEPT));

        assertThat(packet.code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
        assertThat(packet.identifier()).isZero();
        assertThat(HEX.formatHex(packet.authenticator())).isEqualTo("86fe220e7624ba2a1005f6bf9b55e0b2");
        assertThat(packet.attributes()).containsExactly(
                new RadiusAttribute(6, HEX.parseHex("00000001")),
                new RadiusAttribute(15, HEX.parseHex("00000000")),
                new RadiusAttribute(14, HEX.parseHex("c0a80103")));
    }

    @Test
    void encodeReproducesRfcAccept() throws Exception {
        RadiusPacket packet = RadiusCodec.decode(HEX.parseHex(RFC_ACCEPT));

        assertThat(HEX.formatHex(RadiusCodec.encode(packet))).isEqualTo(RFC_ACCEPT);
    }

    @Test
    void octetsAfterLengthAreIgnored() throws Exception {
        RadiusPacket packet = RadiusCodec.decode(HEX.parseHex(RFC_ACCEPT + "deadbeef"));

        assertThat(packet.attributes()).hasSize(3);
    }

    @Test
    void rejectsDatagramShorterThanHeader() {
        assertRejected("02000014" + "00".repeat(15),
                "RADIUS datagram of 19 octets is shorter than the 20-octet header");
    }

    @Test
    void rejectsLengthBeyondDatagram() {
        assertRejected("02000027" + RFC_ACCEPT.substring(8),
                "RADIUS Length 39 exceeds the datagram of 38 octets");
    }

    @Test
    void rejectsLengthBelowHeader() {
        assertRejected("02000013" + "00".repeat(16), "RADIUS Length 19 is outside 20..4096");
    }

    @Test
    void rejectsLengthAboveMaximum() {
        assertRejected("02001001" + "00".repeat(16), "RADIUS Length 4097 is outside 20..4096");
    }

    @Test
    void rejectsAttributeLengthBelowTwo() {
        assertRejected("02000016" + "00".repeat(16) + "0101",
                "User-Name at offset 20 has Length 1 but 2 octets remain");
    }

    @Test
    void rejectsAttributeRunningPastPacket() {
        assertRejected("02000018" + "00".repeat(16) + "4f0a0102",
                "EAP-Message at offset 20 has Length 10 but 4 octets remain");
    }

    @Test
    void rejectsTruncatedAttributeHeader() {
        assertRejected("02000015" + "00".repeat(16) + "01",
                "RADIUS attribute header at offset 20 needs 2 octets but only 1 remain");
    }

    @Test
    void rejectsAttributeTypeZero() {
        assertRejected("02000016" + "00".repeat(16) + "0002",
                "RADIUS attribute at offset 20 has type 0");
    }

    @Test
    void rejectsUnhandledCode() {
        assertThatThrownBy(() -> RadiusCodec.decode(HEX.parseHex("04000014" + "00".repeat(16))))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("RADIUS Code 4 is not Access-Request, -Accept, -Reject or -Challenge")
                .extracting(e -> ((InvalidRadiusPacketException) e).reason())
                .isEqualTo(InvalidRadiusPacketException.Reason.UNSUPPORTED_CODE);
    }

    @Test
    void vendorSpecificDecodesMicrosoftSubAttributes() throws Exception {
        List<VendorSpecific> decoded = VendorSpecific.decode(HEX.parseHex("00000137" + "1004aabb" + "1103cc"));

        assertThat(decoded).containsExactly(
                new VendorSpecific(311, 16, HEX.parseHex("aabb")),
                new VendorSpecific(311, 17, HEX.parseHex("cc")));
    }

    @Test
    void vendorSpecificRejectsShortValue() {
        assertThatThrownBy(() -> VendorSpecific.decode(HEX.parseHex("0000013710")))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("Vendor-Specific value of 5 octets is shorter than a Vendor-Id and one "
                        + "sub-attribute header");
    }

    @Test
    void vendorSpecificRejectsVendorLengthPastValue() {
        assertThatThrownBy(() -> VendorSpecific.decode(HEX.parseHex("000001371009aabb")))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("Vendor-Specific of vendor 311 type 16 has Vendor-Length 9 but 4 octets remain");
    }

    @Test
    void attributeRejectsValueOver253Octets() {
        assertThatThrownBy(() -> new RadiusAttribute(RadiusAttributeType.STATE, new byte[254]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("State value of 254 octets exceeds the maximum of 253");
    }

    @Test
    void answerRejectsFramedIpAddressOfWrongSize() {
        RadiusPacket accept = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 1, new byte[16],
                List.of(new RadiusAttribute(RadiusAttributeType.FRAMED_IP_ADDRESS, new byte[] {(byte) 192, 0, 2})));

        assertThatThrownBy(() -> RadiusAnswer.of(accept, new byte[1], new byte[16]))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("Framed-IP-Address has 3 octets instead of 4");
    }

    // Access-Accept, Identifier 1, Length 38, zero Authenticator, then Framed-IPv6-Address fd00:4::9
    // as RFC 6911 §3.1 lays it out: Type 168, Length 18 and the 16 address octets.
    private static final String FRAMED_IPV6_ACCEPT = "02010026" + "00".repeat(16)
            + "a812" + "fd000004000000000000000000000009";

    @Test
    void answerDecodesFramedIpv6Address() throws Exception {
        RadiusPacket packet = RadiusCodec.decode(HEX.parseHex(FRAMED_IPV6_ACCEPT));

        RadiusAnswer answer = RadiusAnswer.of(packet, new byte[1], new byte[16]);

        assertThat(packet.attributes()).containsExactly(new RadiusAttribute(RadiusAttributeType.FRAMED_IPV6_ADDRESS,
                HEX.parseHex("fd000004000000000000000000000009")));
        assertThat(answer.framedIpv6Address()).hasValue((Inet6Address) InetAddress.getByName("fd00:4::9"));
        assertThat(answer.framedIpAddress()).isEmpty();
    }

    @Test
    void framedIpv6AddressEncodesExactBytes() {
        RadiusPacket packet = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 1, new byte[16], List.of(
                new RadiusAttribute(RadiusAttributeType.FRAMED_IPV6_ADDRESS,
                        HEX.parseHex("fd000004000000000000000000000009"))));

        assertThat(HEX.formatHex(RadiusCodec.encode(packet))).isEqualTo(FRAMED_IPV6_ACCEPT);
    }

    @Test
    void ipv4MappedFramedIpv6AddressStaysIpv6() throws Exception {
        RadiusPacket accept = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 1, new byte[16], List.of(
                new RadiusAttribute(RadiusAttributeType.FRAMED_IPV6_ADDRESS,
                        HEX.parseHex("00000000000000000000ffffc0000209"))));

        RadiusAnswer answer = RadiusAnswer.of(accept, new byte[1], new byte[16]);

        assertThat(answer.framedIpv6Address()).isPresent();
        assertThat(answer.framedIpv6Address().get().getAddress())
                .isEqualTo(HEX.parseHex("00000000000000000000ffffc0000209"));
    }

    @Test
    void answerRejectsFramedIpv6AddressOfWrongSize() {
        RadiusPacket accept = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 1, new byte[16], List.of(
                new RadiusAttribute(RadiusAttributeType.FRAMED_IPV6_ADDRESS, new byte[15])));

        assertThatThrownBy(() -> RadiusAnswer.of(accept, new byte[1], new byte[16]))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("Framed-IPv6-Address has 15 octets instead of 16")
                .extracting(e -> ((InvalidRadiusPacketException) e).reason())
                .isEqualTo(InvalidRadiusPacketException.Reason.MALFORMED);
    }

    @Property(tries = 2000)
    void randomDatagramsDecodeOrFailCleanly(@ForAll @Size(max = 80) byte[] datagram) {
        try {
            RadiusPacket packet = RadiusCodec.decode(datagram);
            assertThat(packet.identifier()).isBetween(0, 255);
        } catch (InvalidRadiusPacketException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void randomAttributesDecodeOrFailCleanly(@ForAll @Size(max = 60) byte[] attributes) {
        byte[] datagram = new byte[20 + attributes.length];
        datagram[0] = 2;
        datagram[2] = (byte) (datagram.length >>> 8);
        datagram[3] = (byte) datagram.length;
        System.arraycopy(attributes, 0, datagram, 20, attributes.length);

        try {
            RadiusPacket packet = RadiusCodec.decode(datagram);
            assertThat(RadiusCodec.encode(packet)).isEqualTo(datagram);
        } catch (InvalidRadiusPacketException expected) {
            assertThat(expected.reason()).isEqualTo(InvalidRadiusPacketException.Reason.MALFORMED);
        }
    }

    private static void assertRejected(String hex, String message) {
        assertThatThrownBy(() -> RadiusCodec.decode(HEX.parseHex(hex)))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage(message)
                .extracting(e -> ((InvalidRadiusPacketException) e).reason())
                .isEqualTo(InvalidRadiusPacketException.Reason.MALFORMED);
    }
}
