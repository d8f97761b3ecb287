package org.ikec.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.protocol.wire.WireSamples.HEX;
import static org.ikec.protocol.wire.WireSamples.captured;
import static org.ikec.protocol.wire.WireSamples.capturedKey;
import static org.ikec.protocol.wire.WireSamples.ipv4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Decrypts the captured IKE_AUTH messages with the JDK's AES-GCM (RFC 5282) and decodes the inner
 * payload chains that strongSwan built.
 */
class CapturedSkContentsTest {

    private static final int IV_SIZE = 8;
    private static final int ICV_BITS = 128;
    private static final int AAD_SIZE = IkeHeader.SIZE + 4;

    /** Returns the inner payload chain of a message with one SK payload, padding removed. */
    private static byte[] decryptInnerChain(byte[] datagram, byte[] keyAndSalt) throws Exception {
        byte[] key = Arrays.copyOfRange(keyAndSalt, 0, 32);
        byte[] nonce = new byte[12];
        System.arraycopy(keyAndSalt, 32, nonce, 0, 4);
        System.arraycopy(datagram, AAD_SIZE, nonce, 4, IV_SIZE);

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(ICV_BITS, nonce));
        cipher.updateAAD(datagram, 0, AAD_SIZE);
        byte[] plaintext = cipher.doFinal(datagram, AAD_SIZE + IV_SIZE,
                datagram.length - AAD_SIZE - IV_SIZE);

        int padLength = plaintext[plaintext.length - 1] & 0xff;
        return Arrays.copyOfRange(plaintext, 0, plaintext.length - 1 - padLength);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    // Initiator -> responder:  HDR, SK {IDi, N(INITIAL_CONTACT), IDr, AUTH, SAi2, TSi, TSr,
    //                          N(MULTIPLE_AUTH_SUPPORTED), N(EAP_ONLY_AUTHENTICATION),
    //                          N(IKEV2_MESSAGE_ID_SYNC_SUPPORTED)}
    @Test
    void ikeAuthRequestInnerChainDecodes() throws Exception {
        byte[] chain = decryptInnerChain(captured("ike-auth-request"), capturedKey("sk-ei"));

        List<Payload> payloads = IkeCodec.decodePayloads(PayloadType.ID_I, chain, 0, chain.length);

        assertThat(payloads).containsExactly(
                new Identification(true, IdType.ID_RFC822_ADDR, ascii("client1@ikelab.test")),
                Notify.of(NotifyType.INITIAL_CONTACT),
                new Identification(false, IdType.ID_FQDN, ascii("resp.ikelab.test")),
                new Authentication(AuthMethod.PSK, HEX.parseHex(
                        "16a6aceb014bf584360b5b5c70d021909d2b2e160f105b5ca5b8904601318b82")),
                new SecurityAssociation(List.of(new Proposal(1, ProtocolId.ESP,
                        HEX.parseHex("091dbc5e"), List.of(
                                Transform.withKeyLength(TransformType.ENCR, 20, 256),
                                Transform.of(TransformType.ESN, 0))))),
                new TrafficSelectors(true, List.of(ipv4(0, 0, 65535, "c0000241", "c0000241"))),
                new TrafficSelectors(false, List.of(ipv4(0, 0, 65535, "c0000281", "c0000281"))),
                Notify.of(NotifyType.MULTIPLE_AUTH_SUPPORTED),
                Notify.of(NotifyType.EAP_ONLY_AUTHENTICATION),
                Notify.of(NotifyType.IKEV2_MESSAGE_ID_SYNC_SUPPORTED));
        assertThat(HEX.formatHex(IkeCodec.encodePayloads(payloads))).isEqualTo(HEX.formatHex(chain));
    }

    // Responder -> initiator:  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
    @Test
    void ikeAuthResponseInnerChainDecodes() throws Exception {
        byte[] chain = decryptInnerChain(captured("ike-auth-response"), capturedKey("sk-er"));

        List<Payload> payloads = IkeCodec.decodePayloads(PayloadType.ID_R, chain, 0, chain.length);

        assertThat(payloads).containsExactly(
                new Identification(false, IdType.ID_FQDN, ascii("resp.ikelab.test")),
                new Authentication(AuthMethod.PSK, HEX.parseHex(
                        "e40fa81d302d9c4bf9a23d28c202aa644ebcd258e04bb3ff5c471575dccba5dc")),
                new SecurityAssociation(List.of(new Proposal(1, ProtocolId.ESP,
                        HEX.parseHex("cf048ca9"), List.of(
                                Transform.withKeyLength(TransformType.ENCR, 20, 256),
                                Transform.of(TransformType.ESN, 0))))),
                new TrafficSelectors(true, List.of(ipv4(0, 0, 65535, "c0000241", "c0000241"))),
                new TrafficSelectors(false, List.of(ipv4(0, 0, 65535, "c0000281", "c0000281"))));
        assertThat(HEX.formatHex(IkeCodec.encodePayloads(payloads))).isEqualTo(HEX.formatHex(chain));
    }

    @Test
    void identificationBodyMatchesWireBytes() throws Exception {
        byte[] chain = decryptInnerChain(captured("ike-auth-response"), capturedKey("sk-er"));

        Identification idR = (Identification) IkeCodec.decodePayloads(PayloadType.ID_R, chain, 0,
                chain.length).get(0);

        assertThat(HEX.formatHex(idR.body()))
                .isEqualTo("02000000" + HEX.formatHex(ascii("resp.ikelab.test")));
        assertThat(idR.body()).isEqualTo(Arrays.copyOfRange(chain, 4, 24));
    }
}
