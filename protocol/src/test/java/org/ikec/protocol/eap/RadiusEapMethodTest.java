package org.ikec.protocol.eap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.ikec.protocol.radius.AccessRequest;
import org.ikec.protocol.radius.RadiusAnswer;
import org.ikec.protocol.radius.RadiusAttribute;
import org.ikec.protocol.radius.RadiusCode;
import org.ikec.protocol.radius.RadiusPacket;
import org.junit.jupiter.api.Test;

/**
 * {@link RadiusEapMethod} inside an {@link EapServer}, with a transport that keeps each
 * Access-Request and the future of its response, which the test completes.
 */
class RadiusEapMethodTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String IDENTITY_RESPONSE = "0207000a01" + HEX.formatHex(ascii("alice"));
    /** An EAP Request of Type 26 with Identifier 8, as a RADIUS server would send in a Challenge. */
    private static final String SERVER_REQUEST = "010800091a01020304";
    private static final String PEER_RESPONSE = "020800091a0a0b0c0d";
    private static final byte[] STATE = ascii("state-1");
    private static final byte[] MSK = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    private final List<AccessRequest> sent = new ArrayList<>();
    private final List<CompletableFuture<RadiusAnswer>> answers = new ArrayList<>();
    private final List<EapStep> decided = new ArrayList<>();

    @Test
    void challengeThenAcceptSucceedsWithMsk() throws Exception {
        RadiusEapMethod method = method();
        EapServer server = new EapServer(method, null, 7);
        assertThat(HEX.formatHex(send(server.start()))).isEqualTo("0107000501");

        // Access-Request {User-Name, NAS-Identifier, Calling-Station-Id, EAP-Message(Response/Identity)}
        assertThat(server.process(HEX.parseHex(IDENTITY_RESPONSE))).isInstanceOf(EapServer.Outcome.Pending.class);
        assertThat(attributes(sent.get(0))).containsExactly(
                "1=" + HEX.formatHex(ascii("alice")),
                "32=" + HEX.formatHex(ascii("ikec-test")),
                "31=" + HEX.formatHex(ascii("192.0.2.1")),
                "79=" + IDENTITY_RESPONSE);

        // Access-Challenge {EAP-Message(Request), State} is relayed unchanged.
        answers.get(0).complete(answer(RadiusCode.ACCESS_CHALLENGE, SERVER_REQUEST, STATE, null, null, null));
        assertThat(decided.get(0)).isInstanceOf(EapStep.Relay.class);
        assertThat(HEX.formatHex(send(server.resume(decided.get(0))))).isEqualTo(SERVER_REQUEST);

        // Access-Request {..., State, EAP-Message(Response)}
        assertThat(server.process(HEX.parseHex(PEER_RESPONSE))).isInstanceOf(EapServer.Outcome.Pending.class);
        assertThat(attributes(sent.get(1))).containsExactly(
                "1=" + HEX.formatHex(ascii("alice")),
                "32=" + HEX.formatHex(ascii("ikec-test")),
                "31=" + HEX.formatHex(ascii("192.0.2.1")),
                "24=" + HEX.formatHex(STATE),
                "79=" + PEER_RESPONSE);

        // Access-Accept {EAP-Message(Success), Framed-IP-Address, Framed-IPv6-Address, MPPE keys}
        Inet4Address framed = (Inet4Address) InetAddress.getByName("10.4.0.9");
        Inet6Address framedIpv6 = (Inet6Address) InetAddress.getByName("fd00:4::9");
        answers.get(1).complete(answer(RadiusCode.ACCESS_ACCEPT, "03080004", null, framed, framedIpv6, MSK));
        EapServer.Outcome succeeded = server.resume(decided.get(1));
        assertThat(succeeded).isInstanceOf(EapServer.Outcome.Succeeded.class);
        EapServer.Outcome.Succeeded success = (EapServer.Outcome.Succeeded) succeeded;
        assertThat(HEX.formatHex(success.message())).isEqualTo("03080004");
        assertThat(success.identity()).isEqualTo("alice");
        assertThat(success.msk()).containsExactly(MSK);
        assertThat(method.framedIpAddress()).hasValue(framed);
        assertThat(method.framedIpv6Address()).hasValue(framedIpv6);
    }

    @Test
    void rejectFailsWithReason() {
        EapServer server = startedAndForwarded();

        answers.get(0).complete(answer(RadiusCode.ACCESS_REJECT, "04070004", null, null, null, null));

        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) server.resume(decided.get(0));
        assertThat(HEX.formatHex(failed.message())).isEqualTo("04070004");
        assertThat(failed.reason()).isEqualTo("RADIUS Access-Reject for 'alice'");
    }

    @Test
    void timeoutOfAllServersFails() {
        EapServer server = startedAndForwarded();

        answers.get(0).completeExceptionally(new IllegalStateException("no RADIUS server responded; tried"
                + " [/192.0.2.10:1812, /192.0.2.11:1812]"));

        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) server.resume(decided.get(0));
        assertThat(failed.reason()).isEqualTo("RADIUS request failed: no RADIUS server responded; tried"
                + " [/192.0.2.10:1812, /192.0.2.11:1812]");
    }

    @Test
    void acceptWithoutMppeKeysFails() {
        EapServer server = startedAndForwarded();

        answers.get(0).complete(answer(RadiusCode.ACCESS_ACCEPT, "03070004", null, null, null, null));

        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) server.resume(decided.get(0));
        assertThat(failed.reason()).isEqualTo("RADIUS Access-Accept for 'alice' carries no MS-MPPE keys, so there"
                + " is no MSK for the AUTH payloads");
    }

    @Test
    void challengeWithoutEapMessageFails() {
        EapServer server = startedAndForwarded();

        answers.get(0).complete(answer(RadiusCode.ACCESS_CHALLENGE, null, STATE, null, null, null));

        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) server.resume(decided.get(0));
        assertThat(failed.reason()).isEqualTo("RADIUS Access-Challenge carries no EAP-Message");
    }

    @Test
    void challengeWithEapSuccessFails() {
        EapServer server = startedAndForwarded();

        answers.get(0).complete(answer(RadiusCode.ACCESS_CHALLENGE, "03070004", STATE, null, null, null));

        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) server.resume(decided.get(0));
        assertThat(failed.reason()).isEqualTo("RADIUS Access-Challenge carries EAP code 3 instead of a Request");
    }

    private EapServer startedAndForwarded() {
        EapServer server = new EapServer(method(), null, 7);
        server.start();
        server.process(HEX.parseHex(IDENTITY_RESPONSE));
        return server;
    }

    private RadiusEapMethod method() {
        return new RadiusEapMethod(request -> {
            sent.add(request);
            CompletableFuture<RadiusAnswer> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }, "ikec-test", "192.0.2.1", decided::add);
    }

    private static RadiusAnswer answer(RadiusCode code, String eapMessage, byte[] state, Inet4Address framed,
                                       Inet6Address framedIpv6, byte[] msk) {
        RadiusPacket packet = new RadiusPacket(code, 1, new byte[RadiusPacket.AUTHENTICATOR_SIZE], List.of());
        return new RadiusAnswer(packet, Optional.ofNullable(eapMessage).map(HEX::parseHex), Optional.ofNullable(state),
                Optional.ofNullable(framed), Optional.ofNullable(framedIpv6), Optional.ofNullable(msk));
    }

    private static List<String> attributes(AccessRequest request) {
        return request.attributes().stream().map(RadiusEapMethodTest::text).toList();
    }

    private static String text(RadiusAttribute attribute) {
        return attribute.type() + "=" + HEX.formatHex(attribute.value());
    }

    private static byte[] send(EapServer.Outcome outcome) {
        return ((EapServer.Outcome.Send) outcome).message();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
