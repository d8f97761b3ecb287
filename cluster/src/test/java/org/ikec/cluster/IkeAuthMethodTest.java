package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
