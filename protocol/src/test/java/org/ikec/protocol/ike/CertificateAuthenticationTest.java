package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.ikec.protocol.auth.SignatureKey;
import org.ikec.protocol.auth.TestPki;
import org.ikec.protocol.auth.TestPki.Credential;
import org.ikec.protocol.auth.TestPki.KeyType;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.AuthConfig.SendCert;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.wire.CertificateRequest;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.NotifyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * IKE_AUTH with certificates (RFC 7296 §2.15, RFC 7427) between two in-memory peers, with
 * certificates made for each test. The client initiates as {@code client1.ikec.test}, the
 * gateway responds as {@code gw.ikec.test}.
 */
class CertificateAuthenticationTest {

    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String GW_ID = "gw.ikec.test";
    private static final String CLIENT_DN = "C=CH, O=ikec test, CN=client1.ikec.test";
    private static final String GW_DN = "C=CH, O=ikec test, CN=gw.ikec.test";
    private static final String RESPONDER_REFUSAL = "IKE_AUTH failed with AUTHENTICATION_FAILED: ";

    private final TestPki pki = new TestPki();
    private final Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test root CA", KeyType.P_256);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger ikeLogger = (Logger) LoggerFactory.getLogger("org.ikec.ike");
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = ikeLogger.getLevel();
        ikeLogger.setLevel(Level.DEBUG);
        logs.start();
        ikeLogger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ikeLogger.detachAppender(logs);
        ikeLogger.setLevel(previousLevel);
    }

    @ParameterizedTest
    @CsvSource({
            "RSA_2048, pubkey,  DIGITAL_SIGNATURE SHA256withRSA,   RSA",
            "RSA_2048, rsa/pss, DIGITAL_SIGNATURE RSASSA-PSS,      RSA",
            "P_256,    pubkey,  DIGITAL_SIGNATURE SHA256withECDSA, ECDSA_256",
            "P_384,    pubkey,  DIGITAL_SIGNATURE SHA384withECDSA, ECDSA_384",
            "ED25519,  pubkey,  DIGITAL_SIGNATURE Ed25519,         ED25519"})
    void establishesWithEachKeyType(KeyType type, String method, String scheme, SignatureKey key) {
        Credential client = pki.endEntity(ca, CLIENT_DN, type, CLIENT_ID);
        Credential gw = pki.endEntity(ca, GW_DN, type, GW_ID);
        TwoPeers peers = peers(local(method, CLIENT_ID, client), TestPki.secrets(client), List.of(),
                local(method, GW_ID, gw), TestPki.secrets(gw));

        // HDR, SAi1, KEi, Ni, N(NAT_DETECTION_*), N(SIGNATURE_HASH_ALGORITHMS)  -->
        //      <--  HDR, SAr1, KEr, Nr, CERTREQ, N(NAT_DETECTION_*), N(CHILDLESS_IKEV2_SUPPORTED), N(SIGNATURE_HASH_ALGORITHMS)
        // HDR, SK {IDi, CERT, CERTREQ, IDr, AUTH, SAi2, TSi, TSr}  -->
        //      <--  HDR, SK {IDr, CERT, AUTH, SAr2, TSi, TSr}
        peers.establish();

        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.initiator.result().orElseThrow().state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responder.remoteId()).hasToString(CLIENT_ID);
        assertThat(peers.initiator.result().orElseThrow().remoteId()).hasToString(GW_ID);
        assertThat(peers.responderSide.installed).hasSize(1);
        assertThat(peers.responder.peerSignatureKey()).isEqualTo(key);
        assertThat(peers.initiator.result().orElseThrow().peerSignatureKey()).isEqualTo(key);
        assertThat(IkeSa.restore(peers.responder.exportState(), peers.responderSettings, peers.responderSide,
                new TwoPeers.CountingSpis()).peerSignatureKey()).isEqualTo(key);
        assertThat(messages("authenticated with certificate")).containsExactly(
                "'" + CLIENT_ID + "' authenticated with certificate 'CN=client1.ikec.test,O=ikec test,C=CH' and " + scheme,
                "'" + GW_ID + "' authenticated with certificate 'CN=gw.ikec.test,O=ikec test,C=CH' and " + scheme);
    }

    @Test
    void responderAnnouncesHashesAndRequestsCertificates() throws Exception {
        Credential client = pki.endEntity(ca, CLIENT_DN, KeyType.P_256, CLIENT_ID);
        Credential gw = pki.endEntity(ca, GW_DN, KeyType.P_256, GW_ID);
        TwoPeers peers = peers(local(AuthConfig.PUBKEY, CLIENT_ID, client), TestPki.secrets(client), List.of(),
                local(AuthConfig.PUBKEY, GW_ID, gw), TestPki.secrets(gw));

        // HDR, SAi1, KEi, Ni, N(NAT_DETECTION_*), N(SIGNATURE_HASH_ALGORITHMS)  -->
        //      <--  HDR, SAr1, KEr, Nr, CERTREQ, N(NAT_DETECTION_*), N(CHILDLESS_IKEV2_SUPPORTED), N(SIGNATURE_HASH_ALGORITHMS)
        peers.initiator.start(peers.now);
        peers.deliverToResponder();
        byte[] datagram = peers.responderSide.sent.peek();
        IkeMessage response = IkeCodec.decode(datagram, 0, datagram.length);

        byte[] caKeyHash = MessageDigest.getInstance("SHA-1").digest(ca.certificate().getPublicKey().getEncoded());
        CertificateRequest request = response.first(CertificateRequest.class).orElseThrow();
        assertThat(request.encoding()).isEqualTo(4);
        assertThat(request.data()).isEqualTo(caKeyHash);
        assertThat(HexFormat.of().formatHex(response.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS).orElseThrow().data()))
                .isEqualTo("0002000300040005");
    }

    @Test
    void expiredCertificateIsRefused() {
        Credential client = pki.endEntity(ca, CLIENT_DN, KeyType.P_256,
                TestPki.NOW.minus(Duration.ofDays(60)), TestPki.NOW.minus(Duration.ofDays(1)), CLIENT_ID);

        TwoPeers peers = establishWithClient(client, TestPki.secrets(client), List.of());

        assertRefused(peers, "certificate 'CN=client1.ikec.test,O=ikec test,C=CH' expired on 2026-05-31T00:00:00Z");
    }

    @Test
    void certificateFromAnotherCaIsRefused() {
        Credential otherCa = pki.ca("C=CH, O=elsewhere, CN=other CA", KeyType.P_256);
        Credential client = pki.endEntity(otherCa, CLIENT_DN, KeyType.P_256, CLIENT_ID);

        TwoPeers peers = establishWithClient(client, TestPki.secrets(client), List.of());

        assertThat(refusalReason(peers)).startsWith("untrusted CA: certificate 'CN=client1.ikec.test,O=ikec test,C=CH'"
                + " issued by 'CN=other CA,O=elsewhere,C=CH' does not chain to a configured CA");
        assertInitiatorSawRefusal(peers);
    }

    @Test
    void revokedCertificateIsRefused() {
        Credential client = pki.endEntity(ca, CLIENT_DN, KeyType.P_256, CLIENT_ID);
        X509CRL crl = pki.crl(ca, client.certificate());

        TwoPeers peers = establishWithClient(client, TestPki.secrets(client), List.of(crl));

        assertRefused(peers, "certificate 'CN=client1.ikec.test,O=ikec test,C=CH' (serial "
                + client.certificate().getSerialNumber().toString(16) + ") was revoked on 2026-05-30T00:00:00Z");
    }

    @Test
    void crlWithoutTheCertificateAccepts() {
        Credential client = pki.endEntity(ca, CLIENT_DN, KeyType.P_256, CLIENT_ID);
        Credential other = pki.endEntity(ca, "C=CH, O=ikec test, CN=other.ikec.test", KeyType.P_256, "other.ikec.test");
        X509CRL crl = pki.crl(ca, other.certificate());

        TwoPeers peers = establishWithClient(client, TestPki.secrets(client), List.of(crl));

        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
    }

    @Test
    void wrongSubjectAltNameIsRefused() {
        Credential client = pki.endEntity(ca, CLIENT_DN, KeyType.P_256, "client2.ikec.test");

        TwoPeers peers = establishWithClient(client, TestPki.secrets(client), List.of());

        assertRefused(peers, "identity mismatch: 'client1.ikec.test' is neither a subjectAltName nor the subject of"
                + " certificate 'CN=client1.ikec.test,O=ikec test,C=CH'");
    }

    @Test
    void signatureByAnotherKeyIsRefused() {
        Credential client = pki.endEntity(ca, CLIENT_DN, KeyType.P_256, CLIENT_ID);
        SecretStore wrong = TestPki.wrongKey(client.certificate(), TestPki.keyPair(KeyType.P_256).getPrivate());

        TwoPeers peers = establishWithClient(client, wrong, List.of());

        assertRefused(peers, "bad signature: the DIGITAL_SIGNATURE SHA256withECDSA AUTH of 'client1.ikec.test' does"
                + " not verify with the key of certificate 'CN=client1.ikec.test,O=ikec test,C=CH'");
    }

    @Test
    void missingCertificateIsRefused() {
        Credential client = pki.endEntity(ca, CLIENT_DN, KeyType.P_256, CLIENT_ID);
        AuthConfig neverSends = new AuthConfig(AuthConfig.PUBKEY, IkeIdentity.parse(CLIENT_ID), client.certs(),
                List.of(), List.of(), SendCert.NEVER);
        Credential gw = pki.endEntity(ca, GW_DN, KeyType.P_256, GW_ID);
        TwoPeers peers = peers(neverSends, TestPki.secrets(client), List.of(), local(AuthConfig.PUBKEY, GW_ID, gw),
                TestPki.secrets(gw));

        peers.establish();

        assertRefused(peers, "no certificate: 'client1.ikec.test' sent no X.509 CERT payload");
    }

    @Test
    void intermediateSentInCertPayloadCompletesChain() {
        Credential intermediate = pki.intermediate(ca, "C=CH, O=ikec test, CN=ikec issuing CA", KeyType.P_384);
        Credential client = pki.endEntity(intermediate, CLIENT_DN, KeyType.P_256, CLIENT_ID);

        TwoPeers peers = establishWithClient(client, TestPki.secrets(client), List.of());

        assertThat(client.certs()).hasSize(2);
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.initiator.result()).isPresent();
    }

    @Test
    void distinguishedNameIdentityFromSubject() {
        Credential client = pki.endEntity(ca, CLIENT_DN, KeyType.P_256);
        Credential gw = pki.endEntity(ca, GW_DN, KeyType.P_256, GW_ID);
        AuthConfig clientLocal = local(AuthConfig.PUBKEY, "%any", client);
        AuthConfig gwRemote = new AuthConfig(AuthConfig.PUBKEY, IkeIdentity.parse(CLIENT_DN), List.of(),
                List.of(ca.certificate()), List.of(), SendCert.IF_ASKED);
        TwoPeers peers = new TwoPeers(
                TwoPeers.connection("site", PROPOSAL, clientLocal, remote(GW_ID), clientChild()),
                TestPki.secrets(client),
                TwoPeers.connection("rw", PROPOSAL, local(AuthConfig.PUBKEY, GW_ID, gw), gwRemote, gwChild()),
                TestPki.secrets(gw));
        peers.now = TestPki.NOW.toEpochMilli();

        peers.establish();

        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responder.remoteId().type()).isEqualTo(IkeIdentity.ID_DER_ASN1_DN);
        assertThat(peers.responder.remoteId()).hasToString("C=CH,O=ikec test,CN=client1.ikec.test");
    }

    @Test
    void initiatorEndsSaWhenResponderCertificateExpired() {
        Credential client = pki.endEntity(ca, CLIENT_DN, KeyType.P_256, CLIENT_ID);
        Credential gw = pki.endEntity(ca, GW_DN, KeyType.P_256,
                TestPki.NOW.minus(Duration.ofDays(60)), TestPki.NOW.minus(Duration.ofDays(2)), GW_ID);
        TwoPeers peers = peers(local(AuthConfig.PUBKEY, CLIENT_ID, client), TestPki.secrets(client), List.of(),
                local(AuthConfig.PUBKEY, GW_ID, gw), TestPki.secrets(gw));

        peers.establish();

        assertThat(peers.initiator.isFailed()).isTrue();
        assertThat(peers.initiator.result()).isEmpty();
        assertThat(messages("initiating connection site")).singleElement().asString()
                .endsWith("failed: authentication of the responder failed: certificate"
                        + " 'CN=gw.ikec.test,O=ikec test,C=CH' expired on 2026-05-30T00:00:00Z");
    }

    // ------------------------------------------------------------------ helpers

    /** Runs IKE_SA_INIT and IKE_AUTH with a gateway that trusts {@link #ca} and the given CRLs. */
    private TwoPeers establishWithClient(Credential client, SecretStore clientSecrets, List<X509CRL> crls) {
        Credential gw = pki.endEntity(ca, GW_DN, KeyType.P_256, GW_ID);
        TwoPeers peers = peers(local(AuthConfig.PUBKEY, CLIENT_ID, client), clientSecrets, crls,
                local(AuthConfig.PUBKEY, GW_ID, gw), TestPki.secrets(gw));

        // HDR, SAi1, KEi, Ni, N(NAT_DETECTION_*), N(SIGNATURE_HASH_ALGORITHMS)  -->
        //      <--  HDR, SAr1, KEr, Nr, CERTREQ, N(NAT_DETECTION_*), N(CHILDLESS_IKEV2_SUPPORTED), N(SIGNATURE_HASH_ALGORITHMS)
        // HDR, SK {IDi, CERT+, CERTREQ, IDr, AUTH, SAi2, TSi, TSr}  -->
        //      <--  HDR, SK {IDr, CERT, AUTH, SAr2, TSi, TSr}  or  HDR, SK {N(AUTHENTICATION_FAILED)}
        peers.establish();
        return peers;
    }

    private TwoPeers peers(AuthConfig clientLocal, SecretStore clientSecrets, List<X509CRL> gwCrls, AuthConfig gwLocal,
                           SecretStore gwSecrets) {
        AuthConfig gwRemote = new AuthConfig(AuthConfig.PUBKEY, IkeIdentity.parse("%any"), List.of(),
                List.of(ca.certificate()), gwCrls, SendCert.IF_ASKED);
        TwoPeers peers = new TwoPeers(
                TwoPeers.connection("site", PROPOSAL, clientLocal, remote(GW_ID), clientChild()), clientSecrets,
                TwoPeers.connection("rw", PROPOSAL, gwLocal, gwRemote, gwChild()), gwSecrets);
        peers.now = TestPki.NOW.toEpochMilli();
        return peers;
    }

    private AuthConfig remote(String id) {
        return new AuthConfig(AuthConfig.PUBKEY, IkeIdentity.parse(id), List.of(), List.of(ca.certificate()), List.of(),
                SendCert.IF_ASKED);
    }

    private static AuthConfig local(String method, String id, Credential credential) {
        List<X509Certificate> certs = credential.certs();
        return new AuthConfig(method, IkeIdentity.parse(id), certs, List.of(), List.of(), SendCert.IF_ASKED);
    }

    private static org.ikec.protocol.config.ChildConfig clientChild() {
        return TwoPeers.child(List.of("aes256gcm16"), "192.0.2.65/32", "192.0.2.128/25");
    }

    private static org.ikec.protocol.config.ChildConfig gwChild() {
        return TwoPeers.child(List.of("aes256gcm16"), "192.0.2.128/25", "192.0.2.64/26");
    }

    private void assertRefused(TwoPeers peers, String reason) {
        assertThat(refusalReason(peers)).isEqualTo(reason);
        assertInitiatorSawRefusal(peers);
    }

    private String refusalReason(TwoPeers peers) {
        assertThat(peers.responder.isClosed()).isTrue();
        assertThat(peers.responderSide.closed).containsExactly("IKE_AUTH failed: AUTHENTICATION_FAILED");
        String line = messages(RESPONDER_REFUSAL).stream().findFirst().orElseThrow();
        return line.substring(line.indexOf(RESPONDER_REFUSAL) + RESPONDER_REFUSAL.length());
    }

    private void assertInitiatorSawRefusal(TwoPeers peers) {
        assertThat(peers.initiator.isFailed()).isTrue();
        assertThat(messages("initiating connection site")).singleElement().asString()
                .endsWith("failed: IKE_AUTH refused with AUTHENTICATION_FAILED");
    }

    private List<String> messages(String part) {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(part)).toList();
    }
}
