package org.ikec.protocol.eap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * An EAP-MSCHAPv2 conversation between {@link EapServer} and a test peer, with the challenge of
 * RFC 2759 §9.2, so every message is known byte for byte.
 */
class EapServerTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] AUTHENTICATOR_CHALLENGE = HEX.parseHex("5b5d7c7d7b3f2f3e3c2c602132262628");
    private static final byte[] PEER_CHALLENGE = HEX.parseHex("21402324255e262a28295f2b3a337c7e");
    private static final PasswordLookup USERS = identity -> identity.equals("User")
            ? Optional.of("clientPass") : Optional.empty();

    @Test
    void rfc2759SampleSucceedsWithKnownMsk() {
        EapServer server = server(null);

        // EAP-Request/Identity, then the MS-CHAPv2 Challenge with Name "ikec".
        EapServer.Outcome identity = server.start();
        assertThat(message(identity)).isEqualTo("0107000501");
        EapServer.Outcome challenge = server.process(HEX.parseHex("0207000901" + HEX.formatHex(ascii("User"))));
        assertThat(message(challenge)).isEqualTo("0108001e1a" + "01420019" + "10" + HEX.formatHex(AUTHENTICATOR_CHALLENGE)
                + HEX.formatHex(ascii("ikec")));

        // The peer's Response carries the RFC's NT-Response, so the server answers with the RFC's "S=" value.
        EapServer.Outcome success = server.process(response(0x08, 0x42, "82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df"));
        byte[] successRequest = HEX.parseHex(message(success));
        assertThat(new String(successRequest, 9, successRequest.length - 9, StandardCharsets.US_ASCII))
                .isEqualTo("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome");
        assertThat(HEX.formatHex(successRequest, 0, 9)).isEqualTo("0109003d1a" + "03420038");

        EapServer.Outcome done = server.process(HEX.parseHex("020900061a03"));
        EapServer.Outcome.Succeeded succeeded = (EapServer.Outcome.Succeeded) done;
        assertThat(HEX.formatHex(succeeded.message())).isEqualTo("03090004");
        assertThat(succeeded.identity()).isEqualTo("User");
        assertThat(HEX.formatHex(succeeded.msk())).isEqualTo("d5f0e9521e3ea9589645e86051c82226"
                + "8b7cdc149b993a1ba118cb153f56dccb" + "00".repeat(32));
        assertThat(succeeded).hasToString("Succeeded[User, msk=64 bytes]");
    }

    @Test
    void configuredIdentitySkipsIdentityRequest() {
        EapServer server = server("User");

        EapServer.Outcome first = server.start();

        assertThat(message(first)).startsWith("0108001e1a01");
        assertThat(server.identity()).isEqualTo("User");
    }

    @Test
    void wrongNtResponseGetsFailureRequest() {
        EapServer server = server("User");
        server.start();

        EapServer.Outcome failure = server.process(response(0x08, 0x42, "00".repeat(24)));
        byte[] failureRequest = HEX.parseHex(message(failure));
        assertThat(new String(failureRequest, 9, failureRequest.length - 9, StandardCharsets.US_ASCII))
                .isEqualTo("E=691 R=0 C=5B5D7C7D7B3F2F3E3C2C602132262628 V=3 M=Authentication failed");
        assertThat(server.unansweredFailure()).contains("wrong password for EAP user 'User'");

        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) server.process(HEX.parseHex("020900061a04"));
        assertThat(HEX.formatHex(failed.message())).isEqualTo("04090004");
        assertThat(failed.reason()).isEqualTo("wrong password for EAP user 'User'");
        assertThat(server.unansweredFailure()).isEmpty();
    }

    @Test
    void unknownUserGetsFailureRequest() {
        EapServer server = new EapServer(MsChapV2Server.withChallenge(USERS, "ikec", AUTHENTICATOR_CHALLENGE, 0x42),
                "Nobody", 7);
        server.start();

        server.process(response(0x08, 0x42, "00".repeat(24), "Nobody"));
        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) server.process(HEX.parseHex("020900061a04"));

        assertThat(failed.reason()).isEqualTo("unknown EAP user 'Nobody'");
    }

    @Test
    void nakEndsWithFailure() {
        EapServer server = server("User");
        server.start();

        // EAP-Response/Nak asking for EAP-TLS (13).
        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) server.process(HEX.parseHex("02080006030d"));

        assertThat(HEX.formatHex(failed.message())).isEqualTo("04080004");
        assertThat(failed.reason()).isEqualTo("'User' rejected EAP-MSCHAPv2 and asked for EAP types [13]");
    }

    @Test
    void wrongIdentifierEndsWithFailure() {
        EapServer server = server(null);
        server.start();

        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) server.process(HEX.parseHex("0206000901"
                + HEX.formatHex(ascii("User"))));

        assertThat(failed.reason()).isEqualTo("expected an EAP Response with Identifier 7, got code 2 with Identifier 6");
    }

    @Test
    void malformedMessageEndsWithFailure() {
        EapServer server = server(null);
        server.start();

        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) server.process(HEX.parseHex("0207"));

        assertThat(failed.reason()).isEqualTo("malformed EAP message: EAP packet of 2 bytes is shorter than its header");
    }

    @Test
    void pendingStepWaitsForResume() {
        List<String> relayed = new ArrayList<>();
        EapMethod backend = new EapMethod() {
            @Override
            public int type() {
                return EapPacket.TYPE_MSCHAPV2;
            }

            @Override
            public String name() {
                return "pass-through";
            }

            @Override
            public EapStep start(EapPacket identityResponse) {
                relayed.add(HEX.formatHex(identityResponse.encode()));
                return new EapStep.Pending();
            }

            @Override
            public EapStep process(EapPacket response) {
                relayed.add(HEX.formatHex(response.encode()));
                return new EapStep.Pending();
            }
        };
        EapServer server = new EapServer(backend, "User", 7);

        // The made-up Identity Response goes to the backend; its Request, with its own Identifier, goes out unchanged.
        assertThat(server.start()).isInstanceOf(EapServer.Outcome.Pending.class);
        assertThat(relayed).containsExactly("0207000901" + HEX.formatHex(ascii("User")));
        EapServer.Outcome relayedRequest = server.resume(new EapStep.Relay(EapPacket.decode(
                HEX.parseHex("013300061a01"))));
        assertThat(message(relayedRequest)).isEqualTo("013300061a01");

        // A Nak goes to the backend too, which may offer another method.
        assertThat(server.process(HEX.parseHex("02330006030d"))).isInstanceOf(EapServer.Outcome.Pending.class);
        assertThat(relayed).last().isEqualTo("02330006030d");
        EapServer.Outcome framed = server.resume(new EapStep.Request(new byte[] {1, 2}));
        assertThat(message(framed)).isEqualTo("013400071a0102");
    }

    @Test
    void relayOfNonRequestIsRejected() {
        EapPacket success = EapPacket.outcome(true, 1);

        assertThatThrownBy(() -> new EapStep.Relay(success))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a relayed EAP packet must be a Request, not code 3");
    }

    private static EapServer server(String configuredIdentity) {
        return new EapServer(MsChapV2Server.withChallenge(USERS, "ikec", AUTHENTICATOR_CHALLENGE, 0x42),
                configuredIdentity, 7);
    }

    private static byte[] response(int identifier, int msChapId, String ntResponse) {
        return response(identifier, msChapId, ntResponse, "User");
    }

    /** Builds an EAP-Response/MS-CHAPv2 Response with the RFC's peer challenge and {@code ntResponse}. */
    private static byte[] response(int identifier, int msChapId, String ntResponse, String name) {
        String typeData = "02" + String.format("%02x", msChapId) + String.format("%04x", 4 + 1 + 49 + name.length())
                + "31" + HEX.formatHex(PEER_CHALLENGE) + "00".repeat(8) + ntResponse + "00" + HEX.formatHex(ascii(name));
        int length = 5 + typeData.length() / 2;
        return HEX.parseHex("02" + String.format("%02x", identifier) + String.format("%04x", length) + "1a" + typeData);
    }

    private static String message(EapServer.Outcome outcome) {
        return HEX.formatHex(((EapServer.Outcome.Send) outcome).message());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
