package org.ikec.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ikec.protocol.auth.TestPki.Credential;
import org.ikec.protocol.auth.TestPki.KeyType;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.wire.Authentication;
import org.ikec.protocol.wire.Certificate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PublicKeyAuthenticationTest {

    private static final byte[] OCTETS = "octets signed by the peer".getBytes(StandardCharsets.US_ASCII);
    private static final IkeIdentity PEER = IkeIdentity.parse("client1.ikec.test");

    private final TestPki pki = new TestPki();
    private final Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test root CA", KeyType.P_256);
    private final AuthConfig remote = new AuthConfig(AuthConfig.PUBKEY, IkeIdentity.ANY, List.of(),
            List.of(ca.certificate()), List.of(), AuthConfig.SendCert.IF_ASKED);

    @ParameterizedTest
    @CsvSource({
            "RSA_2048, RSA_DIGITAL_SIGNATURE SHA1withRSA",
            "P_256,    ECDSA_SHA256_P256 SHA256withPLAIN-ECDSA",
            "P_384,    ECDSA_SHA384_P384 SHA384withPLAIN-ECDSA"})
    void legacyMethodFromPeerIsAccepted(KeyType type, String scheme) {
        Credential peer = pki.endEntity(ca, "C=CH, O=ikec test, CN=client1.ikec.test", type, "client1.ikec.test");
        Authentication auth = SignatureAuthentication.sign(
                SignatureScheme.forSigning(peer.privateKey(), false, List.of()), peer.privateKey(), OCTETS);

        PublicKeyAuthentication.Verdict verdict = PublicKeyAuthentication.verifyPeer(remote, PEER,
                CertificatePayloads.certificates(peer.certs()), auth, OCTETS, TestPki.NOW.toEpochMilli());

        assertThat(verdict).isInstanceOf(PublicKeyAuthentication.Verdict.Accepted.class);
        assertThat(((PublicKeyAuthentication.Verdict.Accepted) verdict).scheme()).isEqualTo(scheme);
    }

    @Test
    void hashAndUrlOnlyIsRejected() {
        Credential peer = pki.endEntity(ca, "C=CH, O=ikec test, CN=client1.ikec.test", KeyType.P_256, "client1.ikec.test");
        Authentication auth = SignatureAuthentication.sign(
                SignatureScheme.forSigning(peer.privateKey(), false, List.of(2)), peer.privateKey(), OCTETS);
        List<Certificate> hashAndUrl = List.of(new Certificate(12, new byte[24]));

        PublicKeyAuthentication.Verdict verdict = PublicKeyAuthentication.verifyPeer(remote, PEER, hashAndUrl, auth,
                OCTETS, TestPki.NOW.toEpochMilli());

        assertThat(verdict).isEqualTo(new PublicKeyAuthentication.Verdict.Rejected("no certificate:"
                + " 'client1.ikec.test' sent CERT payloads only in encodings [12], which are not supported; only"
                + " X.509 signature certificates (4) are"));
    }

    @Test
    void certificateRequestListsCaKeyHash() throws Exception {
        byte[] expected = java.security.MessageDigest.getInstance("SHA-1").digest(ca.certificate().getPublicKey().getEncoded());

        var request = PublicKeyAuthentication.certificateRequest(remote).orElseThrow();

        assertThat(request.encoding()).isEqualTo(4);
        assertThat(request.data()).hasSize(20).isEqualTo(expected);
    }
}
