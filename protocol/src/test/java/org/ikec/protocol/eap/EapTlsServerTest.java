package org.ikec.protocol.eap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ikec.protocol.auth.TestPki;
import org.ikec.protocol.auth.TestPki.Credential;
import org.ikec.protocol.auth.TestPki.KeyType;
import org.ikec.protocol.eap.tls.EapTlsFrame;
import org.ikec.protocol.eap.tls.TlsClientPeer;
import org.junit.jupiter.api.Test;

/**
 * EAP-TLS (RFC 5216) between {@link EapTlsServer} and the JDK's TLS 1.2 client behind
 * {@link TlsClientPeer}, through {@link EapServer} as in IKE_AUTH.
 */
class EapTlsServerTest {

    private static final String CLIENT_ID = "client1.ikec.test";
    private static final long NOW = TestPki.NOW.toEpochMilli();

    private final TestPki pki = new TestPki();
    private final Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
    private final Credential gateway = pki.endEntity(ca, "C=CH, O=ikec test, CN=gw.ikec.test", KeyType.P_256,
            "gw.ikec.test");

    /** What one conversation ended with, and the frames and MSK of the client. */
    private record Conversation(EapServer.Outcome outcome, TlsClientPeer client, int requests) {
    }

    @Test
    void clientCertificateSucceedsWithTheClientsMsk() throws Exception {
        Credential client = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + CLIENT_ID, KeyType.P_256, CLIENT_ID);

        Conversation conversation = converse(client, EapTlsServer.FRAGMENT_SIZE);

        assertThat(conversation.outcome()).isInstanceOf(EapServer.Outcome.Succeeded.class);
        EapServer.Outcome.Succeeded succeeded = (EapServer.Outcome.Succeeded) conversation.outcome();
        assertThat(succeeded.identity()).isEqualTo(CLIENT_ID);
        assertThat(succeeded.msk()).hasSize(64).isEqualTo(conversation.client().msk());
        assertThat(EapPacket.decode(succeeded.message()).code()).isEqualTo(EapPacket.SUCCESS);
        assertThat(conversation.client().received().get(0).start()).isTrue();
    }

    @Test
    void longFlightsAreFragmented() throws Exception {
        Credential rsaGateway = pki.endEntity(ca, "C=CH, O=ikec test, CN=gw.ikec.test", KeyType.RSA_2048,
                "gw.ikec.test");
        Credential client = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + CLIENT_ID, KeyType.RSA_2048, CLIENT_ID);
        EapServer server = server(rsaGateway, List.of(ca.certificate()));
        TlsClientPeer peer = new TlsClientPeer(client.certificate(), client.privateKey(), 300);

        EapServer.Outcome outcome = run(server, peer).outcome();

        assertThat(outcome).isInstanceOf(EapServer.Outcome.Succeeded.class);
        // ServerHello, Certificate (RSA 2048 and the CA), ServerKeyExchange, CertificateRequest, ServerHelloDone
        EapTlsFrame first = peer.received().get(1);
        assertThat(first.more()).isTrue();
        assertThat(first.data()).hasSize(EapTlsServer.FRAGMENT_SIZE);
        assertThat(first.totalLength()).isGreaterThan(EapTlsServer.FRAGMENT_SIZE);
        EapTlsFrame last = peer.received().stream().filter(f -> f.totalLength() < 0 && !f.more()
                && f.data().length > 0).findFirst().orElseThrow();
        assertThat(last.data().length).isLessThanOrEqualTo(EapTlsServer.FRAGMENT_SIZE);
        // the client's flight in 300-octet fragments: the server acknowledges each with an empty Request
        assertThat(peer.received()).filteredOn(EapTlsFrame::isAcknowledgement).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void otherCaGetsAlertThenFailure() throws Exception {
        Credential otherCa = pki.ca("C=CH, O=other, CN=other CA", KeyType.P_256);
        Credential client = pki.endEntity(otherCa, "C=CH, O=ikec test, CN=" + CLIENT_ID, KeyType.P_256, CLIENT_ID);

        Conversation conversation = converse(client, EapTlsServer.FRAGMENT_SIZE);

        assertThat(conversation.outcome()).isInstanceOf(EapServer.Outcome.Failed.class);
        EapServer.Outcome.Failed failed = (EapServer.Outcome.Failed) conversation.outcome();
        assertThat(failed.reason()).startsWith("client certificate 'CN=" + CLIENT_ID + ",O=ikec test,C=CH' not accepted:");
        assertThat(EapPacket.decode(failed.message()).code()).isEqualTo(EapPacket.FAILURE);
        // the last Request before the Failure carries a TLS alert record (content type 21)
        List<EapTlsFrame> frames = conversation.client().received();
        assertThat(frames.get(frames.size() - 1).data()[0]).isEqualTo((byte) 21);
        assertThat(conversation.client().failure()).isNotNull();
    }

    @Test
    void certificateWithoutTheEapIdentityIsRefused() throws Exception {
        Credential client = pki.endEntity(ca, "C=CH, O=ikec test, CN=mallory.ikec.test", KeyType.P_256,
                "mallory.ikec.test");

        Conversation conversation = converse(client, EapTlsServer.FRAGMENT_SIZE);

        assertThat(conversation.outcome()).isInstanceOf(EapServer.Outcome.Failed.class);
        assertThat(((EapServer.Outcome.Failed) conversation.outcome()).reason()).isEqualTo(
                "client certificate 'CN=mallory.ikec.test,O=ikec test,C=CH' does not name the EAP identity '"
                        + CLIENT_ID + "'");
    }

    @Test
    void expiredClientCertificateIsRefused() throws Exception {
        Credential client = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + CLIENT_ID, KeyType.P_256,
                TestPki.NOW.minusSeconds(86_400 * 10), TestPki.NOW.minusSeconds(86_400), CLIENT_ID);

        Conversation conversation = converse(client, EapTlsServer.FRAGMENT_SIZE);

        assertThat(((EapServer.Outcome.Failed) conversation.outcome()).reason()).contains("not accepted")
                .contains("expired");
    }

    @Test
    void nakEndsTheConversation() {
        EapServer server = server(gateway, List.of(ca.certificate()));
        EapServer.Outcome.Send start = (EapServer.Outcome.Send) server.start();
        int identifier = EapPacket.decode(start.message()).identifier();

        EapServer.Outcome outcome = server.process(EapPacket.of(EapPacket.RESPONSE, identifier, EapPacket.TYPE_NAK,
                new byte[] {(byte) EapPacket.TYPE_MSCHAPV2}).encode());

        assertThat(((EapServer.Outcome.Failed) outcome).reason())
                .isEqualTo("'" + CLIENT_ID + "' answered EAP-TLS with EAP type 3 (Nak)");
    }

    @Test
    void oversizedMessageLengthEndsTheConversation() {
        EapServer server = server(gateway, List.of(ca.certificate()));
        int identifier = EapPacket.decode(((EapServer.Outcome.Send) server.start()).message()).identifier();
        byte[] hostile = new EapTlsFrame(true, false, 0xffff_ffffL, new byte[16]).encode();

        EapServer.Outcome outcome = server.process(EapPacket.of(EapPacket.RESPONSE, identifier, EapPacket.TYPE_TLS,
                hostile).encode());

        assertThat(((EapServer.Outcome.Failed) outcome).reason())
                .isEqualTo("'" + CLIENT_ID + "' sent a TLS message over 65536 octets");
    }

    @Test
    void lengthFlagWithoutLengthIsMalformed() {
        EapServer server = server(gateway, List.of(ca.certificate()));
        int identifier = EapPacket.decode(((EapServer.Outcome.Send) server.start()).message()).identifier();

        EapServer.Outcome outcome = server.process(EapPacket.of(EapPacket.RESPONSE, identifier, EapPacket.TYPE_TLS,
                new byte[] {(byte) 0x80, 0, 1}).encode());

        assertThat(((EapServer.Outcome.Failed) outcome).reason()).isEqualTo("malformed EAP-TLS response from '"
                + CLIENT_ID + "': EAP-TLS data sets the L flag but has 2 octets for the 4-octet TLS Message Length");
    }

    @Test
    void roundLimitStopsTinyFragments() {
        EapServer server = server(gateway, List.of(ca.certificate()));
        int identifier = EapPacket.decode(((EapServer.Outcome.Send) server.start()).message()).identifier();

        EapServer.Outcome outcome = null;
        for (int i = 0; i <= EapTlsServer.MAX_ROUNDS; i++) {
            outcome = server.process(EapPacket.of(EapPacket.RESPONSE, identifier, EapPacket.TYPE_TLS,
                    new EapTlsFrame(true, false, -1, new byte[] {22}).encode()).encode());
            if (outcome instanceof EapServer.Outcome.Send send) {
                identifier = EapPacket.decode(send.message()).identifier();
            }
        }

        assertThat(((EapServer.Outcome.Failed) outcome).reason())
                .isEqualTo("EAP-TLS with '" + CLIENT_ID + "' took more than 100 rounds");
    }

    private Conversation converse(Credential client, int clientFragmentSize) throws Exception {
        EapServer server = server(gateway, List.of(ca.certificate()));
        TlsClientPeer peer = new TlsClientPeer(client.certificate(), client.privateKey(), clientFragmentSize);
        return run(server, peer);
    }

    private static Conversation run(EapServer server, TlsClientPeer peer) throws Exception {
        EapServer.Outcome outcome = server.start();
        int requests = 0;
        while (outcome instanceof EapServer.Outcome.Send send && requests < 60) {
            requests++;
            EapPacket request = EapPacket.decode(send.message());
            byte[] answer = peer.respond(request.typeData());
            outcome = server.process(EapPacket.of(EapPacket.RESPONSE, request.identifier(), EapPacket.TYPE_TLS,
                    answer).encode());
        }
        return new Conversation(outcome, peer, requests);
    }

    private static EapServer server(Credential gateway, List<java.security.cert.X509Certificate> cas) {
        EapTlsServer method = EapTlsServer.create(List.of(gateway.certificate()), gateway.privateKey(), cas,
                List.of(), () -> NOW);
        return new EapServer(method, CLIENT_ID, 7);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
