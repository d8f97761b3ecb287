package org.ikec.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.ikec.protocol.wire.WireSamples.captured;
import static org.ikec.protocol.wire.WireSamples.datagram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.ikec.protocol.wire.MalformedMessageException.Reason;
import org.junit.jupiter.api.Test;

/**
 * Feeds malformed datagrams to the decoder and checks the reason and offending payload type.
 * Offsets into the captured IKE_SA_INIT request: SA payload at 28, its proposal at 32, the
 * first transform at 40 with its Key Length attribute at 48.
 */
class MalformedMessageTest {

    private static MalformedMessageException decodeFailure(byte[] datagram) {
        return catchThrowableOfType(MalformedMessageException.class,
                () -> IkeCodec.decode(datagram, 0, datagram.length));
    }

    private static void assertRejected(byte[] datagram, Reason reason, int payloadType) {
        MalformedMessageException failure = decodeFailure(datagram);
        assertThat(failure).as("decoding must fail").isNotNull();
        assertThat(failure.reason()).isEqualTo(reason);
        assertThat(failure.payloadType()).isEqualTo(payloadType);
    }

    private static byte[] saInitWith(int offset, String replacementHex) {
        byte[] datagram = captured("ike-sa-init-request");
        byte[] replacement = WireSamples.hex(replacementHex);
        System.arraycopy(replacement, 0, datagram, offset, replacement.length);
        return datagram;
    }

    @Test
    void truncatedHeaderIsRejected() {
        byte[] datagram = Arrays.copyOf(captured("ike-sa-init-request"), 27);

        MalformedMessageException failure = catchThrowableOfType(MalformedMessageException.class,
                () -> IkeCodec.decodeHeader(datagram, 0, datagram.length));

        assertThat(failure.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(failure.payloadType()).isEqualTo(-1);
        assertThat(failure.getMessage())
                .isEqualTo("datagram of 27 bytes is shorter than the 28-byte IKE header");
    }

    @Test
    void headerLengthAboveDatagramIsRejected() {
        assertRejected(saInitWith(24, "000000e9"), Reason.LENGTH_MISMATCH, -1);
    }

    @Test
    void headerLengthBelowDatagramIsRejected() {
        assertRejected(saInitWith(24, "000000e7"), Reason.LENGTH_MISMATCH, -1);
    }

    @Test
    void majorVersionThreeIsRejected() {
        MalformedMessageException failure = decodeFailure(saInitWith(17, "30"));

        assertThat(failure.reason()).isEqualTo(Reason.INVALID_MAJOR_VERSION);
        assertThat(failure.getMessage()).isEqualTo("IKE header major version is 3, not 2");
    }

    @Test
    void payloadLengthBelowFourIsRejected() {
        assertRejected(saInitWith(30, "0003"), Reason.INVALID_SYNTAX, PayloadType.SA);
    }

    @Test
    void payloadLengthPastDatagramIsRejected() {
        assertRejected(datagram(ExchangeType.INFORMATIONAL, PayloadType.NOTIFY, "00000010 00004000"),
                Reason.TRUNCATED, PayloadType.NOTIFY);
    }

    @Test
    void payloadShorterThanFixedPartIsRejected() {
        assertRejected(datagram(ExchangeType.INFORMATIONAL, PayloadType.KE, "00000006 001f"),
                Reason.INVALID_SYNTAX, PayloadType.KE);
    }

    @Test
    void proposalLengthPastSaPayloadIsRejected() {
        MalformedMessageException failure = decodeFailure(saInitWith(34, "0028"));

        assertThat(failure.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(failure.payloadType()).isEqualTo(PayloadType.SA);
        assertThat(failure.getMessage())
                .isEqualTo("SA payload: proposal 1 length 40 needs 40 bytes but only 36 remain");
    }

    @Test
    void transformAttributePastTransformIsRejected() {
        MalformedMessageException failure = decodeFailure(saInitWith(48, "000e0100"));

        assertThat(failure.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(failure.payloadType()).isEqualTo(PayloadType.SA);
        assertThat(failure.getMessage()).isEqualTo("SA payload: proposal 1 transform 1 attribute"
                + " length 256 needs 256 bytes but only 0 remain");
    }

    @Test
    void wrongLastSubstrucIsRejected() {
        assertRejected(saInitWith(40, "00"), Reason.INVALID_SYNTAX, PayloadType.SA);
        assertRejected(saInitWith(32, "02"), Reason.INVALID_SYNTAX, PayloadType.SA);
    }

    @Test
    void transformCountMismatchIsRejected() {
        assertRejected(saInitWith(39, "04"), Reason.INVALID_SYNTAX, PayloadType.SA);
    }

    @Test
    void tsAddressLengthMismatchIsRejected() {
        byte[] ipv6TypeWithIpv4Length = datagram(ExchangeType.IKE_AUTH, PayloadType.TS_I,
                "00000018 01000000 08060010 005001bb c0000201 c0000209");

        MalformedMessageException failure = decodeFailure(ipv6TypeWithIpv4Length);

        assertThat(failure.reason()).isEqualTo(Reason.INVALID_SYNTAX);
        assertThat(failure.payloadType()).isEqualTo(PayloadType.TS_I);
        assertThat(failure.getMessage())
                .isEqualTo("TSi payload: selector length 16 does not match TS_IPV6_ADDR_RANGE");
    }

    @Test
    void unsupportedTrafficSelectorTypeIsRejected() {
        assertRejected(datagram(ExchangeType.IKE_AUTH, PayloadType.TS_R,
                        "00000018 01000000 09060010 005001bb c0000201 c0000209"),
                Reason.INVALID_SYNTAX, PayloadType.TS_R);
    }

    @Test
    void nonceOf15BytesIsRejected() {
        MalformedMessageException failure = decodeFailure(datagram(ExchangeType.INFORMATIONAL,
                PayloadType.NONCE, "00000013 000102030405060708090a0b0c0d0e"));

        assertThat(failure.reason()).isEqualTo(Reason.INVALID_SYNTAX);
        assertThat(failure.payloadType()).isEqualTo(PayloadType.NONCE);
        assertThat(failure.getMessage())
                .isEqualTo("Ni/Nr payload: nonce data is 15 bytes, not 16 to 256");
    }

    @Test
    void unknownCriticalPayloadIsRejected() {
        MalformedMessageException failure = decodeFailure(
                datagram(ExchangeType.INFORMATIONAL, 60, "00800004"));

        assertThat(failure.reason()).isEqualTo(Reason.UNSUPPORTED_CRITICAL_PAYLOAD);
        assertThat(failure.payloadType()).isEqualTo(60);
    }

    @Test
    void unknownNonCriticalPayloadIsKept() throws Exception {
        byte[] datagram = datagram(ExchangeType.INFORMATIONAL, 60, "29000006 abcd 00000008 00004000");

        IkeMessage message = IkeCodec.decode(datagram, 0, datagram.length);

        assertThat(message.payloads()).containsExactly(
                new Unknown(60, false, WireSamples.hex("abcd")), Notify.of(NotifyType.INITIAL_CONTACT));
    }

    @Test
    void criticalBitOnKnownPayloadIsIgnored() throws Exception {
        byte[] datagram = saInitWith(29, "80");

        IkeMessage message = IkeCodec.decode(datagram, 0, datagram.length);

        assertThat(message).isEqualTo(IkeCodec.decode(captured("ike-sa-init-request"), 0, 232));
    }

    @Test
    void sixtyFourPayloadsAreAccepted() throws Exception {
        byte[] datagram = notifyChain(64);

        assertThat(IkeCodec.decode(datagram, 0, datagram.length).payloads()).hasSize(64);
    }

    @Test
    void sixtyFivePayloadsAreRejected() {
        assertRejected(notifyChain(65), Reason.TOO_MANY_PAYLOADS, PayloadType.NOTIFY);
    }

    private static byte[] notifyChain(int count) {
        List<Payload> notifies = Collections.nCopies(count, Notify.of(NotifyType.INITIAL_CONTACT));
        return datagram(ExchangeType.INFORMATIONAL, PayloadType.NOTIFY,
                WireSamples.HEX.formatHex(IkeCodec.encodePayloads(notifies)));
    }

    @Test
    void sixtyFiveProposalsAreRejected() {
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 1; i <= 65; i++) {
            proposals.add(new Proposal(i, ProtocolId.IKE, new byte[0], List.of()));
        }
        byte[] chain = IkeCodec.encodePayloads(List.of(new SecurityAssociation(proposals)));

        assertRejected(datagram(ExchangeType.IKE_SA_INIT, PayloadType.SA,
                WireSamples.HEX.formatHex(chain)), Reason.INVALID_SYNTAX, PayloadType.SA);
    }

    @Test
    void emptySaPayloadIsRejected() {
        assertRejected(datagram(ExchangeType.IKE_SA_INIT, PayloadType.SA, "00000004"),
                Reason.INVALID_SYNTAX, PayloadType.SA);
    }

    @Test
    void payloadAfterEncryptedPayloadIsRejected() {
        assertRejected(datagram(ExchangeType.IKE_AUTH, PayloadType.SK, "23000006 0102 00000008 00004000"),
                Reason.INVALID_SYNTAX, PayloadType.SK);
    }

    @Test
    void bytesAfterLastPayloadAreRejected() {
        assertRejected(datagram(ExchangeType.INFORMATIONAL, PayloadType.NOTIFY, "00000008 00004000 00"),
                Reason.INVALID_SYNTAX, PayloadType.NONE);
    }

    @Test
    void deleteWithSpiCountMismatchIsRejected() {
        assertRejected(datagram(ExchangeType.INFORMATIONAL, PayloadType.DELETE,
                "0000000c 03040002 01020304"), Reason.INVALID_SYNTAX, PayloadType.DELETE);
        assertRejected(datagram(ExchangeType.INFORMATIONAL, PayloadType.DELETE,
                "00000008 01000005"), Reason.INVALID_SYNTAX, PayloadType.DELETE);
    }

    @Test
    void notifySpiPastPayloadIsRejected() {
        assertRejected(datagram(ExchangeType.INFORMATIONAL, PayloadType.NOTIFY,
                "0000000a 03044009 1122"), Reason.TRUNCATED, PayloadType.NOTIFY);
    }

    @Test
    void eapLengthMismatchIsRejected() {
        assertRejected(datagram(ExchangeType.IKE_AUTH, PayloadType.EAP, "00000009 0107000601"),
                Reason.INVALID_SYNTAX, PayloadType.EAP);
    }

    @Test
    void fragmentNumberZeroIsRejected() {
        assertRejected(datagram(ExchangeType.IKE_AUTH, PayloadType.SKF, "2300000a 00000003 aabb"),
                Reason.INVALID_SYNTAX, PayloadType.SKF);
    }

    @Test
    void configAttributePastPayloadIsRejected() {
        assertRejected(datagram(ExchangeType.IKE_AUTH, PayloadType.CP, "0000000c 01000000 00010004"),
                Reason.TRUNCATED, PayloadType.CP);
    }
}
