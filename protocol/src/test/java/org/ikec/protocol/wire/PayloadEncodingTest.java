package org.ikec.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ikec.protocol.wire.WireSamples.HEX;
import static org.ikec.protocol.wire.WireSamples.hex;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encodes every payload type on its own against a layout written out from RFC 7296 §3 and
 * RFC 7383 §2.5, decodes it back, and round-trips hand-built messages.
 */
class PayloadEncodingTest {

    static Stream<Arguments> payloadLayouts() {
        return Stream.of(
                Arguments.of(new SecurityAssociation(List.of(new Proposal(1, ProtocolId.IKE,
                                new byte[0], List.of(
                                        Transform.withKeyLength(TransformType.ENCR, 20, 256),
                                        Transform.of(TransformType.PRF, 5),
                                        Transform.of(TransformType.KE, 31))))),
                        "00000028 00000024 01010003 0300000c 01000014 800e0100"
                                + " 03000008 02000005 00000008 0400001f"),
                Arguments.of(new SecurityAssociation(List.of(
                                new Proposal(1, ProtocolId.ESP, hex("aabbccdd"), List.of(
                                        new Transform(TransformType.ENCR, 12, List.of(
                                                new TransformAttribute(14, hex("0100"), false))),
                                        Transform.of(TransformType.ESN, 0))),
                                new Proposal(2, ProtocolId.AH, hex("11223344"), List.of(
                                        Transform.of(TransformType.INTEG, 12))))),
                        "0000003a 02000022 01030402 aabbccdd 0300000e 0100000c 000e0002 0100"
                                + " 00000008 05000000 00000014 02020401 11223344 00000008 0300000c"),
                Arguments.of(new KeyExchange(31, hex("aabbccdd")), "0000000c 001f0000 aabbccdd"),
                Arguments.of(new Identification(true, IdType.ID_FQDN, hex("612e62")),
                        "0000000b 02000000 612e62"),
                Arguments.of(new Identification(false, IdType.ID_IPV4_ADDR, hex("c0000202")),
                        "0000000c 01000000 c0000202"),
                Arguments.of(new Certificate(4, hex("0102")), "00000007 04 0102"),
                Arguments.of(new CertificateRequest(4, hex("0304")), "00000007 04 0304"),
                Arguments.of(new Authentication(AuthMethod.PSK, hex("0a0b")),
                        "0000000a 02000000 0a0b"),
                Arguments.of(WireSamples.nonce(16),
                        "00000014 00010203 04050607 08090a0b 0c0d0e0f"),
                Arguments.of(new Notify(ProtocolId.ESP, hex("11223344"), NotifyType.REKEY_SA,
                        new byte[0]), "0000000c 03044009 11223344"),
                Arguments.of(Notify.of(NotifyType.COOKIE, hex("0102")), "0000000a 00004006 0102"),
                Arguments.of(new Delete(ProtocolId.ESP, 4, List.of(hex("01020304"), hex("05060708"))),
                        "00000010 03040002 01020304 05060708"),
                Arguments.of(new Delete(ProtocolId.IKE, 0, List.of()), "00000008 01000000"),
                Arguments.of(new VendorId(hex("cafe")), "00000006 cafe"),
                Arguments.of(new TrafficSelectors(true, List.of(
                                WireSamples.ipv4(6, 80, 443, "c0000201", "c0000209"))),
                        "00000018 01000000 07060010 005001bb c0000201 c0000209"),
                Arguments.of(new TrafficSelectors(false, List.of(new TrafficSelector(
                                TsType.IPV6_ADDR_RANGE, 0, 0, 65535,
                                hex("20010db8000000000000000000000001"),
                                hex("20010db800000000000000000000ffff")))),
                        "00000030 01000000 08000028 0000ffff 20010db8000000000000000000000001"
                                + " 20010db800000000000000000000ffff"),
                Arguments.of(new Encrypted(PayloadType.ID_I, hex("0102030405")),
                        "23000009 0102030405"),
                Arguments.of(new EncryptedFragment(2, 3, PayloadType.NONE, hex("aabb")),
                        "0000000a 00020003 aabb"),
                Arguments.of(new Configuration(ConfigType.CFG_REQUEST, List.of(
                                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, new byte[0]),
                                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_DNS, new byte[0]),
                                new ConfigAttribute(ConfigAttributeType.APPLICATION_VERSION, hex("78")))),
                        "00000015 01000000 00010000 00030000 00070001 78"),
                Arguments.of(new Eap(hex("0107000501")), "00000009 0107000501"),
                Arguments.of(new Unknown(49, false, hex("0102")), "00000006 0102"));
    }

    @ParameterizedTest
    @MethodSource("payloadLayouts")
    void payloadEncodesToRfcLayout(Payload payload, String layout) {
        assertThat(HEX.formatHex(IkeCodec.encodePayloads(List.of(payload))))
                .isEqualTo(layout.replace(" ", ""));
    }

    @ParameterizedTest
    @MethodSource("payloadLayouts")
    void payloadDecodesFromRfcLayout(Payload payload, String layout) throws Exception {
        byte[] bytes = hex(layout);

        assertThat(IkeCodec.decodePayloads(payload.type(), bytes, 0, bytes.length))
                .containsExactly(payload);
    }

    @Test
    void criticalUnknownPayloadKeepsCriticalBit() {
        assertThat(HEX.formatHex(IkeCodec.encodePayloads(List.of(new Unknown(50, true, new byte[0])))))
                .isEqualTo("00800004");
    }

    @Test
    void chainLinksEachNextPayloadField() {
        List<Payload> chain = List.of(WireSamples.nonce(16), Notify.of(NotifyType.INITIAL_CONTACT),
                new VendorId(hex("cafe")));

        byte[] bytes = IkeCodec.encodePayloads(chain);

        assertThat(bytes[0]).isEqualTo((byte) PayloadType.NOTIFY);
        assertThat(bytes[20]).isEqualTo((byte) PayloadType.VENDOR_ID);
        assertThat(bytes[28]).isEqualTo((byte) PayloadType.NONE);
    }

    @Test
    void handBuiltMessagesRoundTrip() throws Exception {
        for (IkeMessage message : WireSamples.handBuilt()) {
            byte[] bytes = IkeCodec.encode(message);

            IkeMessage decoded = IkeCodec.decode(bytes, 0, bytes.length);

            int firstType = message.payloads().isEmpty() ? 0 : message.payloads().get(0).type();
            assertThat(decoded.header()).isEqualTo(
                    message.header().withLength(bytes.length).withNextPayload(firstType));
            assertThat(decoded.payloads()).isEqualTo(message.payloads());
            assertThat(IkeCodec.encode(decoded)).isEqualTo(bytes);
        }
    }

    @Test
    void handBuiltMessagesCoverEveryPayloadType() {
        List<Integer> seen = WireSamples.handBuilt().stream()
                .flatMap(message -> message.payloads().stream())
                .map(Payload::type)
                .distinct()
                .toList();

        assertThat(seen).containsExactlyInAnyOrder(PayloadType.SA, PayloadType.KE,
                PayloadType.ID_I, PayloadType.ID_R, PayloadType.CERT, PayloadType.CERTREQ,
                PayloadType.AUTH, PayloadType.NONCE, PayloadType.NOTIFY, PayloadType.DELETE,
                PayloadType.VENDOR_ID, PayloadType.TS_I, PayloadType.TS_R, PayloadType.SK,
                PayloadType.CP, PayloadType.EAP, PayloadType.SKF, 49);
    }

    @Test
    void encodeRecomputesHeaderLengthAndNextPayload() {
        IkeHeader stale = new IkeHeader(1, 2, PayloadType.EAP, 2, 0, ExchangeType.INFORMATIONAL,
                IkeHeader.FLAG_RESPONSE | IkeHeader.FLAG_INITIATOR, 0xffffffffL, 999);

        byte[] bytes = IkeCodec.encode(new IkeMessage(stale, List.of(Notify.of(NotifyType.COOKIE))));

        assertThat(HEX.formatHex(bytes)).isEqualTo("0000000000000001" + "0000000000000002"
                + "29202528" + "ffffffff" + "00000024" + "00000008" + "00004006");
    }

    @Test
    void encryptedPayloadMustBeLastWhenEncoding() {
        List<Payload> chain = List.of(new Encrypted(PayloadType.NONCE, hex("00")),
                Notify.of(NotifyType.COOKIE));

        assertThatThrownBy(() -> IkeCodec.encodePayloads(chain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SK payload at index 0 must be the last payload of the chain");
    }

    @Test
    void recordsCompareArrayContents() {
        assertThat(new KeyExchange(31, hex("0102"))).isEqualTo(new KeyExchange(31, hex("0102")));
        assertThat(new KeyExchange(31, hex("0102")).hashCode())
                .isEqualTo(new KeyExchange(31, hex("0102")).hashCode());
        assertThat(new KeyExchange(31, hex("0102"))).isNotEqualTo(new KeyExchange(31, hex("0103")));
        assertThat(new Delete(3, 4, List.of(hex("01020304"))))
                .isEqualTo(new Delete(3, 4, List.of(hex("01020304"))));
    }

    @Test
    void recordsCopyArraysOnConstruction() {
        byte[] data = hex("0102");
        VendorId vendorId = new VendorId(data);

        data[0] = 9;

        assertThat(vendorId.data()).isEqualTo(hex("0102"));
    }

    @Test
    void toStringPrintsHexCappedAt64Bytes() {
        assertThat(new VendorId(hex("cafe")).toString()).isEqualTo("VendorId[data=cafe]");
        assertThat(new VendorId(new byte[65]).toString())
                .isEqualTo("VendorId[data=" + "00".repeat(64) + "...(65 bytes)]");
        assertThat(Notify.of(NotifyType.COOKIE, hex("01")).toString())
                .isEqualTo("Notify[protocolId=0, spi=, notifyType=COOKIE, data=01]");
    }

    @Test
    void protocolNumbersNameKnownAndUnknownValues() {
        assertThat(ExchangeType.name(ExchangeType.IKE_AUTH)).isEqualTo("IKE_AUTH");
        assertThat(ExchangeType.name(99)).isEqualTo("UNKNOWN(99)");
        assertThat(PayloadType.name(PayloadType.ID_I)).isEqualTo("IDi");
        assertThat(PayloadType.name(PayloadType.TS_R)).isEqualTo("TSr");
        assertThat(PayloadType.name(60)).isEqualTo("UNKNOWN(60)");
        assertThat(NotifyType.name(NotifyType.NO_PROPOSAL_CHOSEN)).isEqualTo("NO_PROPOSAL_CHOSEN");
        assertThat(NotifyType.name(16431)).isEqualTo("SIGNATURE_HASH_ALGORITHMS");
        assertThat(NotifyType.isError(NotifyType.CHILD_SA_NOT_FOUND)).isTrue();
        assertThat(NotifyType.isError(NotifyType.INITIAL_CONTACT)).isFalse();
        assertThat(TransformType.name(TransformType.KE)).isEqualTo("KE");
        assertThat(TsType.name(TsType.IPV6_ADDR_RANGE)).isEqualTo("TS_IPV6_ADDR_RANGE");
        assertThat(AuthMethod.name(AuthMethod.PSK)).isEqualTo("SHARED_KEY_MIC");
        assertThat(ConfigAttributeType.name(ConfigAttributeType.INTERNAL_IP6_SUBNET))
                .isEqualTo("INTERNAL_IP6_SUBNET");
        assertThat(ConfigType.name(ConfigType.CFG_ACK)).isEqualTo("CFG_ACK");
        assertThat(IdType.name(IdType.ID_KEY_ID)).isEqualTo("ID_KEY_ID");
        assertThat(ProtocolId.name(ProtocolId.ESP)).isEqualTo("ESP");
    }
}
