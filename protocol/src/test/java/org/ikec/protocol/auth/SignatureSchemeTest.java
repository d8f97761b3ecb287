package org.ikec.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;

import org.ikec.protocol.auth.TestPki.KeyType;
import org.ikec.protocol.wire.AuthMethod;
import org.ikec.protocol.wire.Authentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignatureSchemeTest {

    private static final byte[] OCTETS = "signed octets of RFC 7296 2.15".getBytes(StandardCharsets.US_ASCII);
    private static final List<Integer> ALL = List.of(2, 3, 4, 5);

    @ParameterizedTest
    @CsvSource({
            "RSA_2048, 1,  SHA1withRSA",
            "P_256,    9,  SHA256withPLAIN-ECDSA",
            "P_384,    10, SHA384withPLAIN-ECDSA"})
    void legacyMethodWithoutAnnouncedHashes(KeyType type, int method, String jcaName) {
        KeyPair keys = TestPki.keyPair(type);

        SignatureScheme scheme = SignatureScheme.forSigning(keys.getPrivate(), false, List.of());
        Authentication auth = SignatureAuthentication.sign(scheme, keys.getPrivate(), OCTETS);

        assertThat(scheme.authMethod()).isEqualTo(method);
        assertThat(scheme.jcaName()).isEqualTo(jcaName);
        assertThat(auth.method()).isEqualTo(method);
        SignatureAuthentication.Parsed parsed = SignatureAuthentication.parse(auth).orElseThrow();
        assertThat(SignatureAuthentication.verify(parsed, keys.getPublic(), OCTETS)).isTrue();
        assertThat(SignatureAuthentication.verify(parsed, keys.getPublic(), "other".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
    }

    @Test
    void legacyEcdsaSignatureIsRAndSConcatenated() {
        KeyPair keys = TestPki.keyPair(KeyType.P_384);

        Authentication auth = SignatureAuthentication.sign(SignatureScheme.forSigning(keys.getPrivate(), false, List.of()),
                keys.getPrivate(), OCTETS);

        assertThat(auth.data()).hasSize(96);
    }

    @ParameterizedTest
    @CsvSource({
            "RSA_2048, false, 300d06092a864886f70d01010b0500",
            "P_256,    false, 300a06082a8648ce3d040302",
            "P_384,    false, 300a06082a8648ce3d040303",
            "ED25519,  false, 300506032b6570",
            "RSA_2048, true,  3041"
                    + "06092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108"
                    + "300d06096086480165030402010500a203020120"})
    void digitalSignatureCarriesAlgorithmIdentifier(KeyType type, boolean pss, String algorithmIdentifier) {
        KeyPair keys = TestPki.keyPair(type);

        Authentication auth = SignatureAuthentication.sign(SignatureScheme.forSigning(keys.getPrivate(), pss, ALL),
                keys.getPrivate(), OCTETS);

        byte[] expected = HexFormat.of().parseHex(algorithmIdentifier);
        assertThat(auth.method()).isEqualTo(AuthMethod.DIGITAL_SIGNATURE);
        assertThat(auth.data()[0] & 0xff).isEqualTo(expected.length);
        assertThat(HexFormat.of().formatHex(java.util.Arrays.copyOfRange(auth.data(), 1, 1 + expected.length)))
                .isEqualTo(algorithmIdentifier);
        SignatureAuthentication.Parsed parsed = SignatureAuthentication.parse(auth).orElseThrow();
        assertThat(SignatureAuthentication.verify(parsed, keys.getPublic(), OCTETS)).isTrue();
    }

    @Test
    void ecdsaFallsBackToAnnouncedHash() {
        KeyPair keys = TestPki.keyPair(KeyType.P_256);

        SignatureScheme scheme = SignatureScheme.forSigning(keys.getPrivate(), false, List.of(4));

        assertThat(scheme.jcaName()).isEqualTo("SHA512withECDSA");
        assertThat(scheme.hash()).isEqualTo(SignatureHashAlgorithms.SHA2_512);
    }

    @Test
    void ed25519NeedsIdentityHash() {
        KeyPair keys = TestPki.keyPair(KeyType.ED25519);

        assertThatThrownBy(() -> SignatureScheme.forSigning(keys.getPrivate(), false, List.of(2, 3)))
                .hasMessage("an Ed25519 key needs the peer to announce the IDENTITY hash (RFC 8420), and it announced"
                        + " SHA2_256, SHA2_384");
    }

    @Test
    void unknownAlgorithmIsNotParsed() {
        byte[] data = HexFormat.of().parseHex("0b" + "300906072a8648ce380403" + "00112233");

        assertThat(SignatureAuthentication.parse(new Authentication(AuthMethod.DIGITAL_SIGNATURE, data))).isEmpty();
        assertThat(SignatureAuthentication.parse(new Authentication(AuthMethod.DSS, data))).isEmpty();
        assertThat(SignatureAuthentication.parse(new Authentication(AuthMethod.DIGITAL_SIGNATURE, new byte[] {40, 1})))
                .isEmpty();
    }
}
