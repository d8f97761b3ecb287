package org.ikec.protocol.eap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The EAP packet codec (RFC 3748 §4) with whole, truncated and malformed packets. */
class EapPacketTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void identityResponseRoundTrips() {
        // Code 2 (Response), Identifier 0x70, Length 10, Type 1 (Identity), "alice".
        byte[] wire = HEX.parseHex("0270000a01616c696365");

        EapPacket packet = EapPacket.decode(wire);

        assertThat(packet.code()).isEqualTo(EapPacket.RESPONSE);
        assertThat(packet.identifier()).isEqualTo(0x70);
        assertThat(packet.type()).isEqualTo(EapPacket.TYPE_IDENTITY);
        assertThat(packet.typeData()).isEqualTo("alice".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(packet.encode()).isEqualTo(wire);
    }

    @Test
    void successHasNoType() {
        byte[] wire = HEX.parseHex("03710004");

        EapPacket packet = EapPacket.decode(wire);

        assertThat(packet).isEqualTo(EapPacket.outcome(true, 0x71));
        assertThat(EapPacket.outcome(false, 0x71).encode()).isEqualTo(HEX.parseHex("04710004"));
    }

    @Test
    void lengthMismatchIsRejected() {
        assertThatThrownBy(() -> EapPacket.decode(HEX.parseHex("0270000b01616c696365")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EAP Length 11 differs from the packet's 10 bytes");
    }

    @Test
    void truncatedHeaderIsRejected() {
        assertThatThrownBy(() -> EapPacket.decode(HEX.parseHex("0270")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EAP packet of 2 bytes is shorter than its header");
    }

    @Test
    void responseWithoutTypeIsRejected() {
        assertThatThrownBy(() -> EapPacket.decode(HEX.parseHex("02700004")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EAP Request or Response without a Type");
    }

    @Test
    void successWithDataIsRejected() {
        assertThatThrownBy(() -> EapPacket.decode(HEX.parseHex("0371000501")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EAP Success or Failure has 5 bytes, but it must have 4");
    }

    @Test
    void unknownCodeIsRejected() {
        assertThatThrownBy(() -> EapPacket.decode(HEX.parseHex("05710004")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EAP code 5 is not 1 to 4");
    }

    @Test
    void eapPayloadTextLeavesContentOut() {
        org.ikec.protocol.wire.Eap payload = new org.ikec.protocol.wire.Eap(HEX.parseHex("0270000a01616c696365"));

        assertThat(payload).hasToString("Eap[code=2 id=112 10 bytes]");
    }

    @Test
    void textLeavesTypeDataOut() {
        assertThat(EapPacket.decode(HEX.parseHex("0270000a01616c696365")))
                .hasToString("EapPacket[code=2 id=112 type=1 5 bytes]");
    }
}
