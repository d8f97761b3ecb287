package org.ikec.protocol.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.ikec.protocol.radius.InvalidRadiusPacketException.Reason;
import org.junit.jupiter.api.Test;

/**
 * Authenticator vectors. The RFC 2865 §7.1 Access-Accept comes from the RFC. The EAP vectors were
 * computed outside this code from the definitions: HMAC-MD5 over the packet with the
 * Message-Authenticator zeroed (RFC 3579 §3.2), then MD5 over Code, Identifier, Length, Request
 * Authenticator, attributes and secret (RFC 2865 §3).
 */
class RadiusAuthenticatorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SECRET = "testing123".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_AUTHENTICATOR = HEX.parseHex("000102030405060708090a0b0c0d0e0f");

    // EAP-Response/Identity "alice", Identifier 2a, Message-Authenticator first.
    private static final String SIGNED_REQUEST = "012a0039000102030405060708090a0b0c0d0e0f"
            + "5012c4d9bb4f19db57633c460e403ec863c4"
            + "0107616c696365"
            + "4f0c0201000a01616c696365";

    // Access-Challenge carrying EAP-Request/MD5-Challenge, State c0ffee0011223344, Message-Authenticator last.
    private static final String SIGNED_CHALLENGE = "0b2a004845d51ffbe5e5ad97bc6cfd2b749e7ac2"
            + "4f18010200160410a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
            + "180ac0ffee0011223344"
            + "50126ed8a49223cf847337898f608ffe2da2";

    @Test
    void signedRequestMatchesVector() {
        AccessRequest request = AccessRequest.builder()
                .userName("alice")
                .eapMessage(HEX.parseHex("0201000a01616c696365"))
                .build();

        byte[] encoded = request.encode(0x2a, REQUEST_AUTHENTICATOR, SECRET);

        assertThat(HEX.formatHex(encoded)).isEqualTo(SIGNED_REQUEST);
    }

    @Test
    void rfc2865AcceptPassesResponseAuthenticatorCheck() throws Exception {
        // RFC 2865 §7.1: Access-Accept for nemo, secret xyzzy5461.
        byte[] accept = HEX.parseHex("0200002686fe220e7624ba2a1005f6bf9b55e0b2"
                + "0606000000010f06000000000e06c0a80103");
        byte[] requestAuthenticator = HEX.parseHex("0f403f9473978057bd83d5cb98f4227a");

        RadiusPacket packet = RadiusAuthenticators.verifyResponse(accept, requestAuthenticator,
                "xyzzy5461".getBytes(StandardCharsets.US_ASCII), false);

        assertThat(packet.code()).isEqualTo(RadiusCode.ACCESS_ACCEPT);
        assertThat(packet.identifier()).isZero();
        assertThat(packet.attributes()).hasSize(3);
    }

    @Test
    void acceptWithoutRequiredMacFails() {
        byte[] accept = HEX.parseHex("0200002686fe220e7624ba2a1005f6bf9b55e0b2"
                + "0606000000010f06000000000e06c0a80103");
        byte[] requestAuthenticator = HEX.parseHex("0f403f9473978057bd83d5cb98f4227a");

        assertThatThrownBy(() -> RadiusAuthenticators.verifyResponse(accept, requestAuthenticator,
                "xyzzy5461".getBytes(StandardCharsets.US_ASCII), true))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .extracting(e -> ((InvalidRadiusPacketException) e).reason())
                .isEqualTo(Reason.MISSING_MESSAGE_AUTHENTICATOR);
    }

    @Test
    void challengePassesBothChecks() throws Exception {
        RadiusPacket packet = RadiusAuthenticators.verifyResponse(HEX.parseHex(SIGNED_CHALLENGE),
                REQUEST_AUTHENTICATOR, SECRET, true);

        assertThat(packet.code()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
        assertThat(packet.identifier()).isEqualTo(0x2a);
        assertThat(HEX.formatHex(packet.first(RadiusAttributeType.STATE).orElseThrow())).isEqualTo("c0ffee0011223344");
        assertThat(HEX.formatHex(EapMessages.join(packet).orElseThrow()))
                .isEqualTo("010200160410a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    }

    @Test
    void signedResponseMatchesVector() {
        List<RadiusAttribute> attributes = List.of(
                new RadiusAttribute(RadiusAttributeType.EAP_MESSAGE,
                        HEX.parseHex("010200160410a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")),
                new RadiusAttribute(RadiusAttributeType.STATE, HEX.parseHex("c0ffee0011223344")));

        byte[] encoded = RadiusAuthenticators.signResponse(RadiusCode.ACCESS_CHALLENGE, 0x2a, REQUEST_AUTHENTICATOR,
                attributes, SECRET);

        assertThat(HEX.formatHex(encoded)).isEqualTo(SIGNED_CHALLENGE);
    }

    @Test
    void wrongSecretFailsResponseCheck() {
        assertThatThrownBy(() -> RadiusAuthenticators.verifyResponse(HEX.parseHex(SIGNED_CHALLENGE),
                REQUEST_AUTHENTICATOR, "testing124".getBytes(StandardCharsets.US_ASCII), true))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("ACCESS_CHALLENGE id=42: Response Authenticator does not match the shared secret");
    }

    @Test
    void answerToOtherRequestFails() {
        byte[] otherRequestAuthenticator = HEX.parseHex("ff0102030405060708090a0b0c0d0e0f");

        assertThatThrownBy(() -> RadiusAuthenticators.verifyResponse(HEX.parseHex(SIGNED_CHALLENGE),
                otherRequestAuthenticator, SECRET, true))
                .extracting(e -> ((InvalidRadiusPacketException) e).reason())
                .isEqualTo(Reason.BAD_RESPONSE_AUTHENTICATOR);
    }

    @Test
    void alteredMessageAuthenticatorFails() {
        byte[] challenge = HEX.parseHex(SIGNED_CHALLENGE);
        challenge[challenge.length - 1] ^= 1;
        byte[] resigned = resignResponse(challenge);

        assertThatThrownBy(() -> RadiusAuthenticators.verifyResponse(resigned, REQUEST_AUTHENTICATOR, SECRET, true))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("ACCESS_CHALLENGE id=42: Message-Authenticator does not match the shared secret");
    }

    @Test
    void twoMessageAuthenticatorsAreMalformed() {
        List<RadiusAttribute> attributes = List.of(
                new RadiusAttribute(RadiusAttributeType.MESSAGE_AUTHENTICATOR, new byte[16]));
        byte[] request = RadiusAuthenticators.signRequest(1, REQUEST_AUTHENTICATOR, attributes, SECRET);
        request[0] = (byte) RadiusCode.ACCESS_ACCEPT.value();
        byte[] resigned = resignResponse(request);

        assertThatThrownBy(() -> RadiusAuthenticators.verifyResponse(resigned, REQUEST_AUTHENTICATOR, SECRET, true))
                .isInstanceOf(InvalidRadiusPacketException.class)
                .hasMessage("ACCESS_ACCEPT id=1: Message-Authenticator must appear once with 16 octets");
    }

    /** Recomputes the Response Authenticator so that only the Message-Authenticator check can fail. */
    private static byte[] resignResponse(byte[] packet) {
        byte[] signed = packet.clone();
        System.arraycopy(REQUEST_AUTHENTICATOR, 0, signed, 4, 16);
        byte[] responseAuthenticator = RadiusAuthenticators.md5(signed, SECRET);
        System.arraycopy(responseAuthenticator, 0, signed, 4, 16);
        return signed;
    }
}
