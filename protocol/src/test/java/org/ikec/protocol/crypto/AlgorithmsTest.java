package org.ikec.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.protocol.crypto.Algorithms.TYPE_ENCR;
import static org.ikec.protocol.crypto.Algorithms.TYPE_ESN;
import static org.ikec.protocol.crypto.Algorithms.TYPE_INTEG;
import static org.ikec.protocol.crypto.Algorithms.TYPE_KE;
import static org.ikec.protocol.crypto.Algorithms.TYPE_PRF;

import org.junit.jupiter.api.Test;

class AlgorithmsTest {

    @Test
    void supportedTransforms() {
        assertThat(Algorithms.isSupported(TYPE_ENCR, Algorithms.ENCR_AES_CBC, 192)).isTrue();
        assertThat(Algorithms.isSupported(TYPE_ENCR, Algorithms.ENCR_AES_GCM_16, 256)).isTrue();
        assertThat(Algorithms.isSupported(TYPE_ENCR, Algorithms.ENCR_CHACHA20_POLY1305, 0)).isTrue();
        assertThat(Algorithms.isSupported(TYPE_PRF, Algorithms.PRF_HMAC_SHA2_384, 0)).isTrue();
        assertThat(Algorithms.isSupported(TYPE_INTEG, Algorithms.AUTH_NONE, 0)).isTrue();
        assertThat(Algorithms.isSupported(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA2_512_256, 0)).isTrue();
        assertThat(Algorithms.isSupported(TYPE_KE, Algorithms.CURVE25519, 0)).isTrue();
        assertThat(Algorithms.isSupported(TYPE_ESN, Algorithms.ESN_YES, 0)).isTrue();
    }

    @Test
    void weakTransformsAreSupported() {
        assertThat(Algorithms.isSupported(TYPE_ENCR, Algorithms.ENCR_3DES, 0)).isTrue();
        assertThat(Algorithms.isSupported(TYPE_PRF, Algorithms.PRF_HMAC_SHA1, 0)).isTrue();
        assertThat(Algorithms.isSupported(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA1_96, 0)).isTrue();
        assertThat(Algorithms.isSupported(TYPE_KE, Algorithms.MODP_1024, 0)).isTrue();
    }

    @Test
    void weakTransformsAreMarked() {
        assertThat(Algorithms.isWeak(new TransformId(TYPE_ENCR, Algorithms.ENCR_3DES, 0))).isTrue();
        assertThat(Algorithms.isWeak(new TransformId(TYPE_PRF, Algorithms.PRF_HMAC_SHA1, 0))).isTrue();
        assertThat(Algorithms.isWeak(new TransformId(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA1_96, 0))).isTrue();
        assertThat(Algorithms.isWeak(new TransformId(TYPE_KE, Algorithms.MODP_1024, 0))).isTrue();
        assertThat(Algorithms.isWeak(new TransformId(TYPE_ENCR, Algorithms.ENCR_AES_CBC, 256))).isFalse();
        assertThat(Algorithms.isWeak(new TransformId(TYPE_PRF, Algorithms.PRF_HMAC_SHA2_256, 0))).isFalse();
        assertThat(Algorithms.isWeak(new TransformId(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA2_384_192, 0))).isFalse();
        assertThat(Algorithms.isWeak(new TransformId(TYPE_KE, Algorithms.MODP_2048, 0))).isFalse();
        assertThat(Algorithms.isWeak(new TransformId(TYPE_ESN, Algorithms.ESN_NO, 0))).isFalse();
    }

    @Test
    void weakKeyLengths() {
        assertThat(Algorithms.encryptionKeyLength(Algorithms.ENCR_3DES, 0)).isEqualTo(24);
        assertThat(Algorithms.integrityKeyLength(Algorithms.AUTH_HMAC_SHA1_96)).isEqualTo(20);
        assertThat(Algorithms.integrityIcvLength(Algorithms.AUTH_HMAC_SHA1_96)).isEqualTo(12);
        assertThat(Algorithms.integrityIcvLength(Algorithms.AUTH_HMAC_SHA2_384_192)).isEqualTo(24);
    }

    @Test
    void unsupportedTransforms() {
        assertThat(Algorithms.isSupported(TYPE_ENCR, Algorithms.ENCR_AES_CBC, 0)).isFalse();
        assertThat(Algorithms.isSupported(TYPE_ENCR, Algorithms.ENCR_AES_GCM_16, 512)).isFalse();
        assertThat(Algorithms.isSupported(TYPE_ENCR, Algorithms.ENCR_CHACHA20_POLY1305, 256)).isFalse();
        assertThat(Algorithms.isSupported(TYPE_ENCR, Algorithms.ENCR_3DES, 192)).isFalse();
        assertThat(Algorithms.isSupported(TYPE_ENCR, 2, 0)).isFalse();
        assertThat(Algorithms.isSupported(TYPE_PRF, 1, 0)).isFalse();
        assertThat(Algorithms.isSupported(TYPE_INTEG, 1, 0)).isFalse();
        assertThat(Algorithms.isSupported(TYPE_KE, 5, 0)).isFalse();
        assertThat(Algorithms.isSupported(TYPE_KE, 21, 0)).isFalse();
        assertThat(Algorithms.isSupported(TYPE_ESN, 2, 0)).isFalse();
        assertThat(Algorithms.isSupported(6, 1, 0)).isFalse();
    }

    @Test
    void aeadCiphers() {
        assertThat(Algorithms.isAead(Algorithms.ENCR_AES_GCM_16)).isTrue();
        assertThat(Algorithms.isAead(Algorithms.ENCR_CHACHA20_POLY1305)).isTrue();
        assertThat(Algorithms.isAead(Algorithms.ENCR_AES_CBC)).isFalse();
    }

    @Test
    void strongSwanNames() {
        assertThat(Algorithms.name(TYPE_ENCR, Algorithms.ENCR_AES_GCM_16, 256)).isEqualTo("aes256gcm16");
        assertThat(Algorithms.name(TYPE_ENCR, Algorithms.ENCR_AES_CBC, 128)).isEqualTo("aes128");
        assertThat(Algorithms.name(TYPE_ENCR, Algorithms.ENCR_CHACHA20_POLY1305, 0)).isEqualTo("chacha20poly1305");
        assertThat(Algorithms.name(TYPE_PRF, Algorithms.PRF_HMAC_SHA2_256, 0)).isEqualTo("prfsha256");
        assertThat(Algorithms.name(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA2_256_128, 0)).isEqualTo("sha256");
        assertThat(Algorithms.name(TYPE_KE, Algorithms.CURVE25519, 0)).isEqualTo("x25519");
        assertThat(Algorithms.name(TYPE_KE, Algorithms.MODP_2048, 0)).isEqualTo("modp2048");
        assertThat(Algorithms.name(TYPE_KE, Algorithms.ECP_256, 0)).isEqualTo("ecp256");
        assertThat(Algorithms.name(TYPE_KE, Algorithms.ECP_384, 0)).isEqualTo("ecp384");
        assertThat(Algorithms.name(TYPE_ENCR, Algorithms.ENCR_3DES, 0)).isEqualTo("3des");
        assertThat(Algorithms.name(TYPE_PRF, Algorithms.PRF_HMAC_SHA1, 0)).isEqualTo("prfsha1");
        assertThat(Algorithms.name(TYPE_INTEG, Algorithms.AUTH_HMAC_SHA1_96, 0)).isEqualTo("sha1");
        assertThat(Algorithms.name(TYPE_KE, Algorithms.MODP_1024, 0)).isEqualTo("modp1024");
        assertThat(Algorithms.name(TYPE_ENCR, 2, 0)).isEqualTo("ENCR_2");
        assertThat(Algorithms.name(TYPE_ENCR, 999, 128)).isEqualTo("ENCR_999_128");
    }

    @Test
    void secureRandomsGiveNonZeroSpisAndNonces() {
        assertThat(SecureRandoms.spi()).isNotZero();
        assertThat(SecureRandoms.nonce(32)).hasSize(32).isNotEqualTo(new byte[32]);
        assertThat(SecureRandoms.current().getAlgorithm()).isEqualTo("DRBG");
    }
}
