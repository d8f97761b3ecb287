package org.ikec.protocol.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EapMessagesTest {

    private static final byte[] AUTHENTICATOR = new byte[16];

    @Test
    void messageOf253OctetsFitsOneAttribute() {
        List<RadiusAttribute> attributes = EapMessages.split(eapMessage(253));

        assertThat(attributes).hasSize(1);
        assertThat(attributes.get(0).value()).hasSize(253);
    }

    @Test
    void messageOf254OctetsSplitsInTwo() {
        List<RadiusAttribute> attributes = EapMessages.split(eapMessage(254));

        assertThat(attributes).hasSize(2);
        assertThat(attributes.get(0).value()).hasSize(253);
        assertThat(attributes.get(1).value()).hasSize(1);
    }

    @Test
    void longMessageSplitsAndJoinsBack() throws Exception {
        byte[] message = eapMessage(1020);

        List<RadiusAttribute> attributes = EapMessages.split(message);
        RadiusPacket packet = RadiusCodec.decode(RadiusCodec.encode(
                new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 7, AUTHENTICATOR, attributes)));

        assertThat(attributes).extracting(attribute -> attribute.value().length).containsExactly(253, 253, 253, 253, 8);
        assertThat(EapMessages.join(packet)).hasValue(message);
    }

    @Test
    void joinSkipsOtherAttributesBetweenParts() throws Exception {
        byte[] message = eapMessage(300);
        List<RadiusAttribute> attributes = new ArrayList<>(EapMessages.split(message));
        attributes.add(1, new RadiusAttribute(RadiusAttributeType.STATE, new byte[] {1, 2}));

        RadiusPacket packet = new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 7, AUTHENTICATOR, attributes);

        assertThat(EapMessages.join(packet)).hasValue(message);
    }

    @Test
    void joinWithoutEapMessageIsEmpty() throws Exception {
        RadiusPacket packet = new RadiusPacket(RadiusCode.ACCESS_REJECT, 7, AUTHENTICATOR, List.of());

        assertThat(EapMessages.join(packet)).isEmpty();
    }

    @Test
    void joinRejectsLengthFieldMismatch() {
        byte[] message = eapMessage(300);
        List<RadiusAttribute> attributes = EapMessages.split(message).subList(0, 1);
        RadiusPacket packet = new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 7, AUTHENTICATOR, attributes);

        assertThatThrownBy(() -> EapMessages.join(packet))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("EAP Length 300 differs from the 253 octets in the EAP-Message attributes");
    }

    @Test
    void joinRejectsMessageShorterThanHeader() {
        RadiusPacket packet = new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 7, AUTHENTICATOR,
                List.of(new RadiusAttribute(RadiusAttributeType.EAP_MESSAGE, new byte[] {3, 1})));

        assertThatThrownBy(() -> EapMessages.join(packet))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("EAP-Message of 2 octets is shorter than the 4-octet EAP header");
    }

    /** Returns an EAP-Request of the given size whose Length field is right. */
    private static byte[] eapMessage(int size) {
        byte[] message = new byte[size];
        message[0] = 1;
        message[1] = 9;
        message[2] = (byte) (size >>> 8);
        message[3] = (byte) size;
        for (int i = 4; i < size; i++) {
            message[i] = (byte) i;
        }
        return message;
    }
}
