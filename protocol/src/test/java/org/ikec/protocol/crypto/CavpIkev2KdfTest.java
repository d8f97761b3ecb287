package org.ikec.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.protocol.crypto.TestBytes.hex;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * One SHA-256 case of the NIST CAVP IKEv2 KDF sample values (SP 800-135 §4.1), as NSS carries
 * them in its ike_sha256_vectors.h: SKEYSEED, the 132-byte DKM and SKEYSEED for a rekey.
 */
class CavpIkev2KdfTest {

    private static final byte[] NONCE_I = hex("3f302be1abcb28e1");
    private static final byte[] NONCE_R = hex("8c332ee006064c9b");
    private static final long SPI_I = 0x40dac39e1e1a8640L;
    private static final long SPI_R = 0x8619a1cf9a6e4c07L;
    private static final byte[] GIR = hex("0f4d257d7a58fc4545c7d7a88119eee5d5c9690c5b4c989171d3abbfd99d1d29");
    private static final byte[] GIR_NEW = hex("25f3b12d6f282739256e39bf54eda53b60ffcf379bb7bcc90c27b4c4c578616c");
    private static final String SKEYSEED = "5f00d1bd2c58ec224b1e6b71fa0f19a1faa7a193952c444411b47c1a9d8ba6fe";
    private static final String DKM = "0b137d669b0947d7d026d593f0305ad401ff0c471357d695778a9c7f4b4869ec"
            + "e98aca531188d16041b3bb936d2dbb3b4993a6e768a809160de45d0283f273a6cdf6854379e31be72b"
            + "8d3d1fa990cf9c5b015ca9f918a7df6253c958114a09d4e1c19bdcd4db14b29d98db1a74a"
            + "d405c588662c14a04d0d36aa4ab55e90f8986d12d4aad";
    private static final String SKEYSEED_REKEY = "2d63f6debc92048b4fef3889c4c99ca67d6496e0fac14a2bca9a2d6566ff2398";

    private static final IkeSuite SUITE = new IkeSuite(Algorithms.ENCR_AES_GCM_16, 128,
            Algorithms.PRF_HMAC_SHA2_256, Algorithms.AUTH_NONE, Algorithms.MODP_2048);

    @Test
    void skeyseedMatchesCavp() {
        byte[] skeyseed = IkeKeyMaterial.skeyseed(Prf.of(Algorithms.PRF_HMAC_SHA2_256), GIR, NONCE_I, NONCE_R);

        assertThat(hex(skeyseed)).isEqualTo(SKEYSEED);
    }

    @Test
    void derivedKeyingMaterialMatchesCavp() {
        byte[] seed = hex("3f302be1abcb28e1" + "8c332ee006064c9b" + "40dac39e1e1a8640" + "8619a1cf9a6e4c07");

        byte[] dkm = Prf.of(Algorithms.PRF_HMAC_SHA2_256).prfPlus(hex(SKEYSEED), seed, 132);

        assertThat(hex(dkm)).isEqualTo(DKM);
    }

    @Test
    void skKeysTakeDkmInOrder() {
        IkeKeyMaterial keys = IkeKeyMaterial.derive(SUITE, GIR, NONCE_I, NONCE_R, SPI_I, SPI_R);
        byte[] dkm = hex(DKM);

        // SK_d | SK_ei (16-byte key and 4-byte salt) | SK_er | SK_pi | SK_pr, with empty SK_a*. The
        // 132-byte DKM ends 4 bytes before the end of SK_pr.
        assertThat(keys.skD()).isEqualTo(Arrays.copyOfRange(dkm, 0, 32));
        assertThat(keys.skEi()).isEqualTo(Arrays.copyOfRange(dkm, 32, 52));
        assertThat(keys.skEr()).isEqualTo(Arrays.copyOfRange(dkm, 52, 72));
        assertThat(keys.skPi()).isEqualTo(Arrays.copyOfRange(dkm, 72, 104));
        assertThat(Arrays.copyOf(keys.skPr(), 28)).isEqualTo(Arrays.copyOfRange(dkm, 104, 132));
    }

    @Test
    void rekeyedSkDFollowsCavpRekeySkeyseed() {
        IkeKeyMaterial keys = IkeKeyMaterial.derive(SUITE, GIR, NONCE_I, NONCE_R, SPI_I, SPI_R);
        byte[] seed = hex("3f302be1abcb28e1" + "8c332ee006064c9b" + "40dac39e1e1a8640" + "8619a1cf9a6e4c07");
        byte[] expectedSkD = Prf.of(Algorithms.PRF_HMAC_SHA2_256).prfPlus(hex(SKEYSEED_REKEY), seed, 32);

        IkeKeyMaterial rekeyed = keys.deriveRekeyed(SUITE, GIR_NEW, NONCE_I, NONCE_R, SPI_I, SPI_R);

        assertThat(rekeyed.skD()).isEqualTo(expectedSkD);
    }
}
