package org.ikec.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.protocol.wire.WireSamples.HEX;
import static org.ikec.protocol.wire.WireSamples.SPI_I;
import static org.ikec.protocol.wire.WireSamples.SPI_R;
import static org.ikec.protocol.wire.WireSamples.captured;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Decodes the four messages of a captured strongSwan IKE_SA_INIT and IKE_AUTH handshake. */
class CapturedHandshakeTest {

    private static IkeMessage decode(byte[] datagram) throws MalformedMessageException {
        return IkeCodec.decode(datagram, 0, datagram.length);
    }

    private static List<Integer> types(IkeMessage message) {
        return message.payloads().stream().map(Payload::type).toList();
    }

    private static void assertOfferedIkeProposal(SecurityAssociation sa) {
        assertThat(sa.proposals()).hasSize(1);
        Proposal proposal = sa.proposals().get(0);
        assertThat(proposal.number()).isEqualTo(1);
        assertThat(proposal.protocolId()).isEqualTo(ProtocolId.IKE);
        assertThat(proposal.spi()).isEmpty();
        assertThat(proposal.transforms()).containsExactly(
                Transform.withKeyLength(TransformType.ENCR, 20, 256),
                Transform.of(TransformType.PRF, 5),
                Transform.of(TransformType.KE, 31));
        assertThat(proposal.transforms().get(0).keyLength()).isEqualTo(256);
        assertThat(proposal.transforms().get(1).keyLength()).isZero();
    }

    // Initiator -> responder:  HDR, SAi1, KEi, Ni, N(NAT_DETECTION_SOURCE_IP),
    //                          N(NAT_DETECTION_DESTINATION_IP), N(IKEV2_FRAGMENTATION_SUPPORTED),
    //                          N(SIGNATURE_HASH_ALGORITHMS), N(REDIRECT_SUPPORTED)
    @Test
    void ikeSaInitRequestDecodesEveryField() throws Exception {
        IkeMessage message = decode(captured("ike-sa-init-request"));

        assertThat(message.header()).isEqualTo(new IkeHeader(SPI_I, 0, PayloadType.SA, 2, 0,
                ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_INITIATOR, 0, 232));
        assertThat(message.header().isInitiator()).isTrue();
        assertThat(message.header().isResponse()).isFalse();
        assertThat(types(message)).containsExactly(PayloadType.SA, PayloadType.KE,
                PayloadType.NONCE, PayloadType.NOTIFY, PayloadType.NOTIFY, PayloadType.NOTIFY,
                PayloadType.NOTIFY, PayloadType.NOTIFY);
        assertOfferedIkeProposal(message.first(SecurityAssociation.class).orElseThrow());

        KeyExchange ke = message.first(KeyExchange.class).orElseThrow();
        assertThat(ke.group()).isEqualTo(31);
        assertThat(HEX.formatHex(ke.data()))
                .isEqualTo("828282e9f3e0992479166ba4961bc34d2c6af75a47cc4ded8d71a716e137712f");
        assertThat(HEX.formatHex(message.first(Nonce.class).orElseThrow().data()))
                .isEqualTo("ed9f5b6a299ccbd4870cd6657dbf18ebc919ff892d827b2eef14bfb04b6a99fd");

        assertThat(message.notifies()).containsExactly(
                Notify.of(NotifyType.NAT_DETECTION_SOURCE_IP,
                        HEX.parseHex("47d5f9d29eb70cdc817fab165acdef760e4579e5")),
                Notify.of(NotifyType.NAT_DETECTION_DESTINATION_IP,
                        HEX.parseHex("fe7b6e9fdf517ba14815267b0e303c34d7100c1b")),
                Notify.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED),
                Notify.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, HEX.parseHex("0002000300040005")),
                Notify.of(NotifyType.REDIRECT_SUPPORTED));
    }

    // Responder -> initiator:  HDR, SAr1, KEr, Nr, N(NAT_DETECTION_SOURCE_IP),
    //                          N(NAT_DETECTION_DESTINATION_IP), N(IKEV2_FRAGMENTATION_SUPPORTED),
    //                          N(SIGNATURE_HASH_ALGORITHMS), N(CHILDLESS_IKEV2_SUPPORTED),
    //                          N(MULTIPLE_AUTH_SUPPORTED)
    @Test
    void ikeSaInitResponseDecodesEveryField() throws Exception {
        IkeMessage message = decode(captured("ike-sa-init-response"));

        assertThat(message.header()).isEqualTo(new IkeHeader(SPI_I, SPI_R, PayloadType.SA, 2, 0,
                ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_RESPONSE, 0, 240));
        assertThat(message.header().isInitiator()).isFalse();
        assertThat(message.header().isResponse()).isTrue();
        assertOfferedIkeProposal(message.first(SecurityAssociation.class).orElseThrow());

        KeyExchange ke = message.first(KeyExchange.class).orElseThrow();
        assertThat(ke.group()).isEqualTo(31);
        assertThat(HEX.formatHex(ke.data()))
                .isEqualTo("7800379516014d928b7e8a232dee5d2ab86df36cc349af4bcf0716f9f6abf667");
        assertThat(message.first(Nonce.class).orElseThrow().data()).hasSize(32);

        assertThat(message.notify(NotifyType.NAT_DETECTION_SOURCE_IP).orElseThrow().data())
                .isEqualTo(HEX.parseHex("9f75996cf113945d5419268c6faf5dfff20ff379"));
        assertThat(message.notify(NotifyType.NAT_DETECTION_DESTINATION_IP).orElseThrow().data())
                .isEqualTo(HEX.parseHex("993b5673f3b113aaebad40cbe81843109eddb48e"));
        assertThat(message.notifies().stream().map(Notify::notifyType).toList()).containsExactly(
                NotifyType.NAT_DETECTION_SOURCE_IP, NotifyType.NAT_DETECTION_DESTINATION_IP,
                NotifyType.IKEV2_FRAGMENTATION_SUPPORTED, NotifyType.SIGNATURE_HASH_ALGORITHMS,
                NotifyType.CHILDLESS_IKEV2_SUPPORTED, NotifyType.MULTIPLE_AUTH_SUPPORTED);
        assertThat(message.notify(NotifyType.COOKIE)).isEmpty();
    }

    // Initiator -> responder:  HDR, SK {IDi, N(INITIAL_CONTACT), IDr, AUTH, SAi2, TSi, TSr, ...}
    @Test
    void ikeAuthRequestKeepsSkPayloadEncrypted() throws Exception {
        IkeMessage message = decode(captured("ike-auth-request"));

        assertThat(message.header()).isEqualTo(new IkeHeader(SPI_I, SPI_R, PayloadType.SK, 2, 0,
                ExchangeType.IKE_AUTH, IkeHeader.FLAG_INITIATOR, 1, 264));
        assertThat(message.payloads()).hasSize(1);
        Encrypted sk = message.first(Encrypted.class).orElseThrow();
        assertThat(sk.firstInnerPayload()).isEqualTo(PayloadType.ID_I);
        assertThat(sk.data()).hasSize(232);
        assertThat(HEX.formatHex(sk.data(), 0, 8)).isEqualTo("8a8e4e479f53ae4f");
        assertThat(HEX.formatHex(sk.data(), 216, 232)).isEqualTo("7ea3780a9fb25884525b075bd70df14e");
    }

    // Responder -> initiator:  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
    @Test
    void ikeAuthResponseKeepsSkPayloadEncrypted() throws Exception {
        IkeMessage message = decode(captured("ike-auth-response"));

        assertThat(message.header()).isEqualTo(new IkeHeader(SPI_I, SPI_R, PayloadType.SK, 2, 0,
                ExchangeType.IKE_AUTH, IkeHeader.FLAG_RESPONSE, 1, 205));
        assertThat(message.payloads()).hasSize(1);
        Encrypted sk = message.first(Encrypted.class).orElseThrow();
        assertThat(sk.firstInnerPayload()).isEqualTo(PayloadType.ID_R);
        assertThat(sk.data()).hasSize(173);
        assertThat(HEX.formatHex(sk.data(), 0, 8)).isEqualTo("0a1fc6ce032ba38b");
        assertThat(HEX.formatHex(sk.data(), 157, 173)).isEqualTo("00b798eb83aca185610a0775ee2394d6");
    }

    @Test
    void capturedMessagesReencodeByteForByte() throws Exception {
        for (byte[] datagram : WireSamples.allCaptured()) {
            assertThat(HEX.formatHex(IkeCodec.encode(decode(datagram))))
                    .isEqualTo(HEX.formatHex(datagram));
        }
    }

    @Test
    void decodeHeaderMatchesFullDecode() throws Exception {
        for (byte[] datagram : WireSamples.allCaptured()) {
            assertThat(IkeCodec.decodeHeader(datagram, 0, datagram.length))
                    .isEqualTo(decode(datagram).header());
        }
    }

    @Test
    void decodeHonoursOffsetIntoLargerBuffer() throws Exception {
        byte[] datagram = captured("ike-sa-init-response");
        byte[] buffer = new byte[datagram.length + 10];
        System.arraycopy(datagram, 0, buffer, 6, datagram.length);

        assertThat(IkeCodec.decode(buffer, 6, datagram.length)).isEqualTo(decode(datagram));
    }
}
