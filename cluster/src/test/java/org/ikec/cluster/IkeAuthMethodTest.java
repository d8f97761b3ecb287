package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ikec.protocol.auth.SignatureKey;
import org.junit.jupiter.api.Test;

class IkeAuthMethodTest {

    @Test
    void configuredMethodsMap() {
        assertThat(IkeAuthMethod.of("psk")).isEqualTo(IkeAuthMethod.PRE_SHARED_KEY);
        assertThat(IkeAuthMethod.of("pubkey")).isEqualTo(IkeAuthMethod.PUBLIC_KEY_SIGNATURE);
        assertThat(IkeAuthMethod.of("rsa/pss")).isEqualTo(IkeAuthMethod.PUBLIC_KEY_SIGNATURE);
        assertThat(IkeAuthMethod.of("eap")).isEqualTo(IkeAuthMethod.EAP);
        assertThat(IkeAuthMethod.of("eap-mschapv2")).isEqualTo(IkeAuthMethod.EAP);
        assertThat(IkeAuthMethod.of("eap-tls")).isEqualTo(IkeAuthMethod.EAP);
    }

    @Test
    void unknownMethodIsRejected() {
        assertThatThrownBy(() -> IkeAuthMethod.of("xauth")).hasMessage("unknown authentication method 'xauth'");
    }

    @Test
    void signatureKeySelectsTheSignatureKind() {
        assertThat(IkeAuthMethod.of("pubkey", SignatureKey.RSA)).isEqualTo(IkeAuthMethod.RSA_SIGNATURE);
        assertThat(IkeAuthMethod.of("rsa/pss", SignatureKey.RSA)).isEqualTo(IkeAuthMethod.RSA_SIGNATURE);
        assertThat(IkeAuthMethod.of("pubkey", SignatureKey.ECDSA_256)).isEqualTo(IkeAuthMethod.ECDSA_256_SIGNATURE);
        assertThat(IkeAuthMethod.of("pubkey", SignatureKey.ECDSA_384)).isEqualTo(IkeAuthMethod.ECDSA_384_SIGNATURE);
        assertThat(IkeAuthMethod.of("pubkey", SignatureKey.ECDSA_521)).isEqualTo(IkeAuthMethod.ECDSA_521_SIGNATURE);
        assertThat(IkeAuthMethod.of("pubkey", SignatureKey.ED25519)).isEqualTo(IkeAuthMethod.ED25519_SIGNATURE);
        assertThat(IkeAuthMethod.of("pubkey", SignatureKey.OTHER)).isEqualTo(IkeAuthMethod.PUBLIC_KEY_SIGNATURE);
        assertThat(IkeAuthMethod.of("pubkey", null)).isEqualTo(IkeAuthMethod.PUBLIC_KEY_SIGNATURE);
        assertThat(IkeAuthMethod.of("psk", null)).isEqualTo(IkeAuthMethod.PRE_SHARED_KEY);
        assertThat(IkeAuthMethod.of("eap-tls", SignatureKey.ECDSA_256)).isEqualTo(IkeAuthMethod.EAP);
    }
}
