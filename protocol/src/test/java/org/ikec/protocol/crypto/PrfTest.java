package org.ikec.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ikec.protocol.crypto.TestBytes.hex;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrfTest {

    // RFC 4231 §4.2, test case 1.
    private static final byte[] CASE1_KEY = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    private static final byte[] CASE1_DATA = "Hi There".getBytes(StandardCharsets.US_ASCII);

    // RFC 4231 §4.3, test case 2.
    private static final byte[] CASE2_KEY = "Jefe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CASE2_DATA = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

    @Test
    void hmacSha1MatchesRfc2202() {
        Prf prf = Prf.of(Algorithms.PRF_HMAC_SHA1);

        // RFC 2202 §3, test cases 1 and 2, which use the same keys and data as RFC 4231 cases 1 and 2.
        assertThat(hex(prf.compute(CASE1_KEY, CASE1_DATA))).isEqualTo("b617318655057264e28bc0b6fb378c8ef146be00");
        assertThat(hex(prf.compute(CASE2_KEY, CASE2_DATA))).isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        assertThat(prf.outputLength()).isEqualTo(20);
        assertThat(prf.preferredKeyLength()).isEqualTo(20);
        assertThat(prf).hasToString("prfsha1");
    }

    @Test
    void hmacSha256MatchesRfc4231() {
        Prf prf = Prf.of(Algorithms.PRF_HMAC_SHA2_256);

        assertThat(hex(prf.compute(CASE1_KEY, CASE1_DATA)))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(hex(prf.compute(CASE2_KEY, CASE2_DATA)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void hmacSha384MatchesRfc4231() {
        Prf prf = Prf.of(Algorithms.PRF_HMAC_SHA2_384);

        assertThat(hex(prf.compute(CASE1_KEY, CASE1_DATA))).isEqualTo(
                "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6");
        assertThat(hex(prf.compute(CASE2_KEY, CASE2_DATA))).isEqualTo(
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
    }

    @Test
    void hmacSha512MatchesRfc4231() {
        Prf prf = Prf.of(Algorithms.PRF_HMAC_SHA2_512);

        assertThat(hex(prf.compute(CASE1_KEY, CASE1_DATA))).isEqualTo(
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                        + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
        assertThat(hex(prf.compute(CASE2_KEY, CASE2_DATA))).isEqualTo(
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                        + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    }

    @Test
    void computeOverSegmentsEqualsConcatenation() {
        Prf prf = Prf.of(Algorithms.PRF_HMAC_SHA2_256);

        byte[] segmented = prf.compute(CASE2_KEY, "what do ya ".getBytes(StandardCharsets.US_ASCII),
                "want for nothing?".getBytes(StandardCharsets.US_ASCII));

        assertThat(hex(segmented)).isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void emptyKeyEqualsSingleZeroByteKey() {
        Prf prf = Prf.of(Algorithms.PRF_HMAC_SHA2_256);

        assertThat(prf.compute(new byte[0], CASE1_DATA)).isEqualTo(prf.compute(new byte[1], CASE1_DATA));
    }

    @Test
    void prfPlusChainsBlocks() {
        // T1 = prf(K, S | 01), T2 = prf(K, T1 | S | 02), T3 = prf(K, T2 | S | 03), computed
        // independently with Python's hmac module.
        Prf prf = Prf.of(Algorithms.PRF_HMAC_SHA2_256);
        byte[] key = hex("0b".repeat(32));
        byte[] seed = "IKEv2 prf+ seed".getBytes(StandardCharsets.US_ASCII);

        byte[] output = prf.prfPlus(key, seed, 80);

        assertThat(hex(output)).isEqualTo(
                "335a98599b217e75772a35ccc911cfb158dddb987a73dac4a202d2d6298efe26"
                        + "062b1e25d43b4509717498cfdcd5ffb2c8275f3b09925e57be62cc9b053307dc"
                        + "5d95344bdc8ee965e9ebd69e7789a092");
    }

    @Test
    void prfPlusFirstBlockAppendsOne() {
        Prf prf = Prf.of(Algorithms.PRF_HMAC_SHA2_384);
        byte[] seed = "seed".getBytes(StandardCharsets.US_ASCII);

        byte[] output = prf.prfPlus(CASE2_KEY, seed, 48);

        assertThat(output).isEqualTo(prf.compute(CASE2_KEY, seed, new byte[] {1}));
    }

    @Test
    void prfPlusRejectsMoreThan255Blocks() {
        Prf prf = Prf.of(Algorithms.PRF_HMAC_SHA2_256);

        assertThat(prf.prfPlus(CASE1_KEY, CASE1_DATA, 255 * 32)).hasSize(255 * 32);
        assertThatThrownBy(() -> prf.prfPlus(CASE1_KEY, CASE1_DATA, 255 * 32 + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lengthsFollowHashSize() {
        assertThat(Prf.of(Algorithms.PRF_HMAC_SHA2_256).outputLength()).isEqualTo(32);
        assertThat(Prf.of(Algorithms.PRF_HMAC_SHA2_384).outputLength()).isEqualTo(48);
        assertThat(Prf.of(Algorithms.PRF_HMAC_SHA2_512).outputLength()).isEqualTo(64);
        assertThat(Prf.of(Algorithms.PRF_HMAC_SHA2_512).preferredKeyLength()).isEqualTo(64);
    }

    @Test
    void unsupportedPrfIsRejected() {
        assertThatThrownBy(() -> Prf.of(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported PRF transform ID 1; supported: prfsha1 (2), prfsha256 (5), prfsha384 (6),"
                        + " prfsha512 (7)");
    }
}
