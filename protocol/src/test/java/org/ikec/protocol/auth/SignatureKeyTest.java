package org.ikec.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

import org.ikec.protocol.auth.TestPki.KeyType;
import org.junit.jupiter.api.Test;

class SignatureKeyTest {

    @Test
    void keyTypesMapToTheirKind() {
        assertThat(SignatureKey.of(TestPki.keyPair(KeyType.RSA_2048).getPublic())).isEqualTo(SignatureKey.RSA);
        assertThat(SignatureKey.of(TestPki.keyPair(KeyType.P_256).getPublic())).isEqualTo(SignatureKey.ECDSA_256);
        assertThat(SignatureKey.of(TestPki.keyPair(KeyType.P_384).getPublic())).isEqualTo(SignatureKey.ECDSA_384);
        assertThat(SignatureKey.of(TestPki.keyPair(KeyType.ED25519).getPublic())).isEqualTo(SignatureKey.ED25519);
    }

    @Test
    void p521AndJdkKeysMapToo() throws Exception {
        KeyPairGenerator p521 = KeyPairGenerator.getInstance("EC");
        p521.initialize(new ECGenParameterSpec("secp521r1"));
        KeyPairGenerator ed25519 = KeyPairGenerator.getInstance("Ed25519");

        assertThat(SignatureKey.of(p521.generateKeyPair().getPublic())).isEqualTo(SignatureKey.ECDSA_521);
        assertThat(SignatureKey.of(ed25519.generateKeyPair().getPublic())).isEqualTo(SignatureKey.ED25519);
    }

    @Test
    void otherCurvesAreOther() throws Exception {
        KeyPairGenerator secp224 = KeyPairGenerator.getInstance("EC", SignatureScheme.PROVIDER);
        secp224.initialize(new ECGenParameterSpec("secp224r1"));

        assertThat(SignatureKey.of(secp224.generateKeyPair().getPublic())).isEqualTo(SignatureKey.OTHER);
    }
}
