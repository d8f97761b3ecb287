package org.ikec.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ikec.protocol.crypto.Algorithms.TYPE_ENCR;
import static org.ikec.protocol.crypto.Algorithms.TYPE_ESN;
import static org.ikec.protocol.crypto.Algorithms.TYPE_INTEG;
import static org.ikec.protocol.crypto.Algorithms.TYPE_KE;
import static org.ikec.protocol.crypto.Algorithms.TYPE_PRF;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProposalStringsTest {

    private static final TransformId AES128 = new TransformId(TYPE_ENCR, 12, 128);
    private static final TransformId AES256 = new TransformId(TYPE_ENCR, 12, 256);
    private static final TransformId AES128GCM16 = new TransformId(TYPE_ENCR, 20, 128);
    private static final TransformId AES256GCM16 = new TransformId(TYPE_ENCR, 20, 256);
    private static final TransformId CHACHA20POLY1305 = new TransformId(TYPE_ENCR, 28, 0);
    private static final TransformId PRFSHA256 = new TransformId(TYPE_PRF, 5, 0);
    private static final TransformId PRFSHA384 = new TransformId(TYPE_PRF, 6, 0);
    private static final TransformId PRFSHA512 = new TransformId(TYPE_PRF, 7, 0);
    private static final TransformId SHA256 = new TransformId(TYPE_INTEG, 12, 0);
    private static final TransformId SHA384 = new TransformId(TYPE_INTEG, 13, 0);
    private static final TransformId SHA512 = new TransformId(TYPE_INTEG, 14, 0);
    private static final TransformId MODP2048 = new TransformId(TYPE_KE, 14, 0);
    private static final TransformId ECP256 = new TransformId(TYPE_KE, 19, 0);
    private static final TransformId ECP384 = new TransformId(TYPE_KE, 20, 0);
    private static final TransformId X25519 = new TransformId(TYPE_KE, 31, 0);
    private static final TransformId TRIPLE_DES = new TransformId(TYPE_ENCR, 3, 0);
    private static final TransformId PRFSHA1 = new TransformId(TYPE_PRF, 2, 0);
    private static final TransformId SHA1 = new TransformId(TYPE_INTEG, 2, 0);
    private static final TransformId MODP1024 = new TransformId(TYPE_KE, 2, 0);
    private static final TransformId NO_ESN = new TransformId(TYPE_ESN, 0, 0);
    private static final TransformId ESN = new TransformId(TYPE_ESN, 1, 0);

    private static ProposalSpec ike(TransformId... transforms) {
        return new ProposalSpec(ProposalSpec.IKE, List.of(transforms));
    }

    private static ProposalSpec esp(TransformId... transforms) {
        return new ProposalSpec(ProposalSpec.ESP, List.of(transforms));
    }

    @Test
    void ikeAeadProposal() {
        assertThat(ProposalStrings.parseIke("aes256gcm16-prfsha256-x25519"))
                .containsExactly(ike(AES256GCM16, PRFSHA256, X25519));
    }

    @Test
    void ikeCbcProposalTakesPrfFromIntegrity() {
        assertThat(ProposalStrings.parseIke("aes128-sha256-modp2048"))
                .containsExactly(ike(AES128, PRFSHA256, SHA256, MODP2048));
        assertThat(ProposalStrings.parseIke("aes256-sha384-ecp384"))
                .containsExactly(ike(AES256, PRFSHA384, SHA384, ECP384));
    }

    @Test
    void weakIkeProposalTakesPrfsha1FromSha1() {
        assertThat(ProposalStrings.parseIke("3des-sha1-modp1024"))
                .containsExactly(ike(TRIPLE_DES, PRFSHA1, SHA1, MODP1024));
        assertThat(ProposalStrings.parseIke("aes256-sha-prfsha1-modp1024"))
                .containsExactly(ike(AES256, PRFSHA1, SHA1, MODP1024));
        assertThat(ProposalStrings.format(ProposalStrings.parseIke("3des-sha1-modp1024").get(0)))
                .isEqualTo("3des-sha1-prfsha1-modp1024");
    }

    @Test
    void weakEspProposal() {
        assertThat(ProposalStrings.parseEsp("3des-sha1")).containsExactly(esp(TRIPLE_DES, SHA1, NO_ESN));
        assertThat(ProposalStrings.parseEsp("aes128-3des-sha1-modp1024"))
                .containsExactly(esp(AES128, TRIPLE_DES, SHA1, MODP1024, NO_ESN));
        assertThat(ProposalStrings.format(ProposalStrings.parseEsp("3des-sha1").get(0))).isEqualTo("3des-sha1");
    }

    @Test
    void defaultProposalsContainNoWeakAlgorithm() {
        assertThat(WeakProposals.weakAlgorithms(ProposalStrings.parseIke("default"))).isEmpty();
        assertThat(WeakProposals.weakAlgorithms(ProposalStrings.parseEsp("default"))).isEmpty();
    }

    @Test
    void ikeChaChaProposal() {
        assertThat(ProposalStrings.parseIke("chacha20poly1305-prfsha512-ecp256"))
                .containsExactly(ike(CHACHA20POLY1305, PRFSHA512, ECP256));
    }

    @Test
    void ikeProposalWithSeveralAlgorithmsPerType() {
        assertThat(ProposalStrings.parseIke("aes128-aes256-sha256-sha384-modp2048-ecp256"))
                .containsExactly(ike(AES128, AES256, PRFSHA256, PRFSHA384, SHA256, SHA384, MODP2048, ECP256));
    }

    @Test
    void ikeExplicitPrfOverridesIntegrity() {
        assertThat(ProposalStrings.parseIke("aes128-sha256-prfsha512-x25519"))
                .containsExactly(ike(AES128, PRFSHA512, SHA256, X25519));
    }

    @Test
    void espAeadProposalDefaultsToNoEsn() {
        assertThat(ProposalStrings.parseEsp("aes256gcm16")).containsExactly(esp(AES256GCM16, NO_ESN));
    }

    @Test
    void espGroupMeansPfs() {
        assertThat(ProposalStrings.parseEsp("aes128-sha256-modp2048"))
                .containsExactly(esp(AES128, SHA256, MODP2048, NO_ESN));
    }

    @Test
    void espEsnKeywords() {
        assertThat(ProposalStrings.parseEsp("aes256gcm16-esn")).containsExactly(esp(AES256GCM16, ESN));
        assertThat(ProposalStrings.parseEsp("aes256gcm16-esn-noesn")).containsExactly(esp(AES256GCM16, ESN, NO_ESN));
    }

    @Test
    void keywordsIgnoreCaseAndAliases() {
        assertThat(ProposalStrings.parseIke("AES256GCM-PRFSHA256-Curve25519"))
                .containsExactly(ike(AES256GCM16, PRFSHA256, X25519));
    }

    @Test
    void ikeDefaultExpandsToAeadAndCbcProposals() {
        assertThat(ProposalStrings.parseIke("default")).containsExactly(
                ike(AES128GCM16, AES256GCM16, CHACHA20POLY1305, PRFSHA256, PRFSHA384, PRFSHA512,
                        X25519, ECP256, ECP384, MODP2048),
                ike(AES128, AES256, PRFSHA256, PRFSHA384, PRFSHA512, SHA256, SHA384, SHA512,
                        X25519, ECP256, ECP384, MODP2048));
    }

    @Test
    void espDefaultExpandsToAeadAndCbcProposals() {
        assertThat(ProposalStrings.parseEsp("default")).containsExactly(
                esp(AES128GCM16, AES256GCM16, CHACHA20POLY1305, NO_ESN),
                esp(AES128, AES256, SHA256, SHA384, SHA512, NO_ESN));
    }

    @Test
    void unknownKeywordIsNamed() {
        assertThatThrownBy(() -> ProposalStrings.parseIke("aes256-md5-modp2048"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown algorithm keyword 'md5' in proposal 'aes256-md5-modp2048'")
                .hasMessageContaining("supported keywords: aes128, aes192, aes256, aes, 3des, aes128gcm16");
        assertThatThrownBy(() -> ProposalStrings.parseEsp("des-sha256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'des'");
        assertThatThrownBy(() -> ProposalStrings.parseIke("aes128--sha256-x25519"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyword ''");
    }

    @Test
    void mixedAeadAndCbcIsRejected() {
        assertThatThrownBy(() -> ProposalStrings.parseIke("aes256gcm16-aes256-sha256-prfsha256-x25519"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mixes AEAD and non-AEAD ciphers");
    }

    @Test
    void incompleteProposalsAreRejected() {
        assertThatThrownBy(() -> ProposalStrings.parseIke("aes256gcm16-x25519"))
                .hasMessageContaining("no prf keyword");
        assertThatThrownBy(() -> ProposalStrings.parseIke("aes256-x25519"))
                .hasMessageContaining("no integrity algorithm");
        assertThatThrownBy(() -> ProposalStrings.parseIke("aes256gcm16-prfsha256"))
                .hasMessageContaining("no key exchange group");
        assertThatThrownBy(() -> ProposalStrings.parseIke("sha256-prfsha256-x25519"))
                .hasMessageContaining("no encryption algorithm");
        assertThatThrownBy(() -> ProposalStrings.parseIke("aes256gcm16-sha256-prfsha256-x25519"))
                .hasMessageContaining("AEAD cipher with an integrity algorithm");
        assertThatThrownBy(() -> ProposalStrings.parseIke("aes256gcm16-prfsha256-x25519-esn"))
                .hasMessageContaining("ESN keyword");
        assertThatThrownBy(() -> ProposalStrings.parseEsp("aes256gcm16-prfsha256"))
                .hasMessageContaining("prf keyword");
    }

    @Test
    void formatWritesNegotiatedProposal() {
        assertThat(ProposalStrings.format(ike(AES256GCM16, PRFSHA256, X25519))).isEqualTo("aes256gcm16-prfsha256-x25519");
        assertThat(ProposalStrings.format(ike(AES128, PRFSHA256, SHA256, MODP2048)))
                .isEqualTo("aes128-sha256-prfsha256-modp2048");
        assertThat(ProposalStrings.format(esp(AES256GCM16, NO_ESN))).isEqualTo("aes256gcm16");
        assertThat(ProposalStrings.format(esp(AES128, SHA256, MODP2048, ESN))).isEqualTo("aes128-sha256-modp2048-esn");
    }

    @Test
    void formatRoundTripsThroughParse() {
        for (String text : List.of("aes256gcm16-prfsha256-x25519", "aes128-aes256-sha256-sha384-modp2048-ecp256",
                "chacha20poly1305-prfsha512-ecp256")) {
            ProposalSpec parsed = ProposalStrings.parseIke(text).get(0);
            assertThat(ProposalStrings.parseIke(ProposalStrings.format(parsed))).containsExactly(parsed);
        }
        for (String text : List.of("aes256gcm16", "aes256gcm16-esn", "aes128-sha256-modp2048", "aes192-sha512-esn-noesn")) {
            ProposalSpec parsed = ProposalStrings.parseEsp(text).get(0);
            assertThat(ProposalStrings.parseEsp(ProposalStrings.format(parsed))).containsExactly(parsed);
        }
    }
}
