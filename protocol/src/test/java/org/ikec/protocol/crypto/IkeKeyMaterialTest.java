package org.ikec.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ikec.protocol.crypto.TestBytes.hex;
import static org.ikec.protocol.crypto.TestBytes.resource;
import static org.ikec.protocol.crypto.TestBytes.withoutNonEspMarker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Key derivation against a strongSwan 5.9.8 initiator capture with aes256gcm16-prfsha256-x25519
 * for IKE and aes256gcm16 for ESP, PSK "ikelab-psk-0123456789abcdef", IDi client1@ikelab.test and
 * IDr resp.ikelab.test. The expected keys are those charon logged for that exchange.
 */
class IkeKeyMaterialTest {

    private static final long SPI_I = 0x2f15ad207e282b49L;
    private static final long SPI_R = 0x36be4f3f03d9fca6L;
    private static final byte[] SHARED_SECRET =
            hex("a1686034169091b9fa03c6dc5d221f1101a8ce04bd0354bc480f6c59583df17f");
    private static final byte[] NONCE_I = hex("ed9f5b6a299ccbd4870cd6657dbf18ebc919ff892d827b2eef14bfb04b6a99fd");
    private static final byte[] NONCE_R = hex("ab2dc3ce5ce1fef851b18c4dfd8befce42a5757df72f03f3c3d9762478f0a7f0");
    private static final byte[] PSK = "ikelab-psk-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final IkeSuite SUITE = new IkeSuite(Algorithms.ENCR_AES_GCM_16, 256,
            Algorithms.PRF_HMAC_SHA2_256, Algorithms.AUTH_NONE, Algorithms.CURVE25519);

    /** IKE header (28 bytes) and SK generic payload header (4 bytes). */
    private static final int AAD_LENGTH = 32;

    private static IkeKeyMaterial captured() {
        return IkeKeyMaterial.derive(SUITE, SHARED_SECRET, NONCE_I, NONCE_R, SPI_I, SPI_R);
    }

    @Test
    void ciphersOfOneDirectionContinueOneIvCounter() {
        IkeKeyMaterial keys = captured();
        byte[] plaintext = new byte[10];

        long first = sealedIv(keys.initiatorCipher(), plaintext);
        long second = sealedIv(keys.initiatorCipher(), plaintext);
        long responderFirst = sealedIv(keys.responderCipher(), plaintext);
        long responderSecond = sealedIv(keys.responderCipher(), plaintext);

        assertThat(second).isEqualTo(first + 1);
        assertThat(responderSecond).isEqualTo(responderFirst + 1);
    }

    /** Seals a message with {@code cipher} and returns the IV it wrote after the header. */
    private static long sealedIv(SkCipher cipher, byte[] plaintext) {
        byte[] message = new byte[AAD_LENGTH + cipher.encryptedLength(plaintext.length)];
        cipher.seal(message, AAD_LENGTH, plaintext);
        return ByteBuffer.wrap(message, AAD_LENGTH, 8).getLong();
    }

    @Test
    void skeyseedMatchesStrongSwan() {
        byte[] skeyseed = IkeKeyMaterial.skeyseed(Prf.of(Algorithms.PRF_HMAC_SHA2_256), SHARED_SECRET,
                NONCE_I, NONCE_R);

        assertThat(hex(skeyseed)).isEqualTo("7cf1834af188f1e0fd538cc544708bb64b9201a71e035103fc8362725807da0b");
    }

    @Test
    void everySkKeyMatchesStrongSwan() {
        IkeKeyMaterial keys = captured();

        assertThat(hex(keys.skD())).isEqualTo("6a87c68e78ac45e464b73ed76b56eeea23a992b230556db51ac9998da37b07a8");
        assertThat(keys.skAi()).isEmpty();
        assertThat(keys.skAr()).isEmpty();
        assertThat(hex(keys.skEi()))
                .isEqualTo("21fa12a05cb32a19a369cfce91bc191091ceb7c8a0d52473415d2ef04b93229e2540ceaa");
        assertThat(hex(keys.skEr()))
                .isEqualTo("3a7c6ae39f401c196515b661b25a4fbfb2e54f85d58381b6587eaf0d4d3c74986d28f6e8");
        assertThat(hex(keys.skPi())).isEqualTo("2d573f58def4889b5ff331a08f09deec23ea9391f7bbd38e1b160a2978830f43");
        assertThat(hex(keys.skPr())).isEqualTo("b85812b3029bb4b72f690c897640d7c168404fa011296ea3c355dd839d966c77");
    }

    @Test
    void keyLogLineMatchesWiresharkTable() {
        IkeKeyMaterial keys = captured();

        assertThat(keys.keyLogLines(SPI_I, SPI_R)).isEqualTo("2f15ad207e282b49,36be4f3f03d9fca6,"
                + "21fa12a05cb32a19a369cfce91bc191091ceb7c8a0d52473415d2ef04b93229e2540ceaa,"
                + "3a7c6ae39f401c196515b661b25a4fbfb2e54f85d58381b6587eaf0d4d3c74986d28f6e8,"
                + "\"AES-GCM-256 with 16 octet ICV [RFC5282]\",,,\"NONE [RFC4306]\"");
    }

    @Test
    void restoredKeysMatchExportedOnes() throws Exception {
        IkeKeyMaterial.Exported exported = captured().export();
        byte[] message = withoutNonEspMarker(resource("ike-auth-request.hex"));

        IkeKeyMaterial restored = IkeKeyMaterial.restore(exported);

        assertThat(exported.keymat()).hasSize(168);
        assertThat(hex(restored.skD())).isEqualTo("6a87c68e78ac45e464b73ed76b56eeea23a992b230556db51ac9998da37b07a8");
        assertThat(restored.skAi()).isEmpty();
        assertThat(restored.skAr()).isEmpty();
        assertThat(hex(restored.skEi()))
                .isEqualTo("21fa12a05cb32a19a369cfce91bc191091ceb7c8a0d52473415d2ef04b93229e2540ceaa");
        assertThat(hex(restored.skEr()))
                .isEqualTo("3a7c6ae39f401c196515b661b25a4fbfb2e54f85d58381b6587eaf0d4d3c74986d28f6e8");
        assertThat(hex(restored.skPi())).isEqualTo("2d573f58def4889b5ff331a08f09deec23ea9391f7bbd38e1b160a2978830f43");
        assertThat(hex(restored.skPr())).isEqualTo("b85812b3029bb4b72f690c897640d7c168404fa011296ea3c355dd839d966c77");
        assertThat(restored.initiatorCipher().open(message, AAD_LENGTH, message.length)).hasSize(207);
        assertThat(exported.toString()).isEqualTo("IkeKeyMaterial.Exported[aes256gcm16-prfsha256-x25519, 168 bytes of keys]");
    }

    @Test
    void restoreRejectsKeysOfWrongLength() {
        IkeKeyMaterial.Exported exported = captured().export();
        IkeKeyMaterial.Exported truncated = new IkeKeyMaterial.Exported(SUITE, Arrays.copyOf(exported.keymat(), 167));

        assertThatThrownBy(() -> IkeKeyMaterial.restore(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exported keys of 167 bytes do not fit aes256gcm16-prfsha256-x25519, which needs 168");
    }

    @Test
    void initiatorCipherOpensCapturedIkeAuthRequest() throws Exception {
        byte[] message = withoutNonEspMarker(resource("ike-auth-request.hex"));

        byte[] inner = captured().initiatorCipher().open(message, AAD_LENGTH, message.length);

        assertThat(message).hasSize(264);
        assertThat(inner).hasSize(207);
        // IDi: next payload Notify (41), length 27, ID_RFC822_ADDR (3), "client1@ikelab.test".
        byte[] idi = Arrays.copyOf(inner, 27);
        assertThat(hex(Arrays.copyOf(idi, 8))).isEqualTo("29 00 00 1b 03 00 00 00".replace(" ", ""));
        assertThat(new String(idi, 8, 19, StandardCharsets.US_ASCII)).isEqualTo("client1@ikelab.test");
        // The Notify INITIAL_CONTACT (16384 = 0x4000) follows.
        assertThat(hex(Arrays.copyOfRange(inner, 27, 35))).isEqualTo("2400000800004000");
    }

    @Test
    void responderCipherOpensCapturedIkeAuthResponse() throws Exception {
        byte[] message = withoutNonEspMarker(resource("ike-auth-response.hex"));

        byte[] inner = captured().responderCipher().open(message, AAD_LENGTH, message.length);

        assertThat(inner).hasSize(148);
        // IDr: next payload AUTH (39), length 24, ID_FQDN (2), "resp.ikelab.test".
        assertThat(hex(Arrays.copyOf(inner, 8))).isEqualTo("2700001802000000");
        assertThat(new String(inner, 8, 16, StandardCharsets.US_ASCII)).isEqualTo("resp.ikelab.test");
    }

    @Test
    void wrongDirectionCipherFailsOnCapture() {
        byte[] message = withoutNonEspMarker(resource("ike-auth-request.hex"));
        SkCipher responderCipher = captured().responderCipher();

        assertThatThrownBy(() -> responderCipher.open(message, AAD_LENGTH, message.length))
                .isInstanceOf(IntegrityCheckFailedException.class);
    }

    @Test
    void sharedKeyAuthenticationMatchesCapturedAuthPayloads() {
        IkeKeyMaterial keys = captured();
        byte[] initRequest = resource("ike-sa-init-request.hex");
        byte[] initResponse = resource("ike-sa-init-response.hex");
        byte[] idiBody = concat(hex("03000000"), "client1@ikelab.test".getBytes(StandardCharsets.US_ASCII));
        byte[] idrBody = concat(hex("02000000"), "resp.ikelab.test".getBytes(StandardCharsets.US_ASCII));

        byte[] initiatorOctets = keys.signedOctets(true, initRequest, NONCE_R, idiBody);
        byte[] responderOctets = keys.signedOctets(false, initResponse, NONCE_I, idrBody);

        assertThat(initiatorOctets).hasSize(initRequest.length + 32 + 32);
        assertThat(hex(keys.sharedKeyAuthentication(PSK, initiatorOctets)))
                .isEqualTo("16a6aceb014bf584360b5b5c70d021909d2b2e160f105b5ca5b8904601318b82");
        assertThat(hex(keys.sharedKeyAuthentication(PSK, responderOctets)))
                .isEqualTo("e40fa81d302d9c4bf9a23d28c202aa644ebcd258e04bb3ff5c471575dccba5dc");
    }

    @Test
    void verifySharedKeyAuthenticationRejectsWrongPsk() {
        IkeKeyMaterial keys = captured();
        byte[] octets = keys.signedOctets(true, resource("ike-sa-init-request.hex"), NONCE_R,
                concat(hex("03000000"), "client1@ikelab.test".getBytes(StandardCharsets.US_ASCII)));
        byte[] received = hex("16a6aceb014bf584360b5b5c70d021909d2b2e160f105b5ca5b8904601318b82");

        assertThat(keys.verifySharedKeyAuthentication(PSK, octets, received)).isTrue();
        assertThat(keys.verifySharedKeyAuthentication("wrong".getBytes(StandardCharsets.US_ASCII), octets, received))
                .isFalse();
        assertThat(keys.verifySharedKeyAuthentication(PSK, octets, Arrays.copyOf(received, 31))).isFalse();
    }

    @Test
    void childKeysMatchStrongSwanEspKeys() {
        ChildSuite esp = new ChildSuite(Algorithms.ENCR_AES_GCM_16, 256, Algorithms.AUTH_NONE, Algorithms.NONE, false);

        ChildKeys keys = captured().deriveChildKeys(esp, null, NONCE_I, NONCE_R);

        assertThat(hex(keys.encryptionKeyIToR()))
                .isEqualTo("27f5b5f4aa213387f46e705c14f7e1f6feb210bb80922063e7fbff3dbe80ec8aa94698ae");
        assertThat(hex(keys.encryptionKeyRToI()))
                .isEqualTo("728c790413f4629db79f6bdee4ec18eeb802151e7a2a1112cb866206d43bf445fd0d0542");
        assertThat(keys.integrityKeyIToR()).isEmpty();
        assertThat(keys.integrityKeyRToI()).isEmpty();
        assertThat(keys.toString()).doesNotContain("27f5b5f4").isEqualTo(
                "ChildKeys[encryption 36 bytes, integrity 0 bytes per direction]");
    }

    @Test
    void childKeysWithPfsPrependSharedSecret() {
        IkeKeyMaterial keys = captured();
        ChildSuite esp = new ChildSuite(Algorithms.ENCR_AES_CBC, 128, Algorithms.AUTH_HMAC_SHA2_256_128,
                Algorithms.CURVE25519, true);
        byte[] pfsSecret = hex("01".repeat(32));
        byte[] expected = Prf.of(Algorithms.PRF_HMAC_SHA2_256).prfPlus(keys.skD(),
                concat(pfsSecret, concat(NONCE_I, NONCE_R)), 2 * (16 + 32));

        ChildKeys child = keys.deriveChildKeys(esp, pfsSecret, NONCE_I, NONCE_R);

        assertThat(child.encryptionKeyIToR()).isEqualTo(Arrays.copyOfRange(expected, 0, 16));
        assertThat(child.integrityKeyIToR()).isEqualTo(Arrays.copyOfRange(expected, 16, 48));
        assertThat(child.encryptionKeyRToI()).isEqualTo(Arrays.copyOfRange(expected, 48, 64));
        assertThat(child.integrityKeyRToI()).isEqualTo(Arrays.copyOfRange(expected, 64, 96));
    }

    @Test
    void rekeyedKeysUseOldPrfForSkeyseed() {
        IkeKeyMaterial old = captured();
        IkeSuite newSuite = new IkeSuite(Algorithms.ENCR_AES_CBC, 256, Algorithms.PRF_HMAC_SHA2_384,
                Algorithms.AUTH_HMAC_SHA2_384_192, Algorithms.ECP_384);
        byte[] newSecret = hex("02".repeat(48));
        byte[] nonceI = hex("03".repeat(32));
        byte[] nonceR = hex("04".repeat(32));
        long spiI = 0x1111111111111111L;
        long spiR = 0x2222222222222222L;
        byte[] skeyseed = Prf.of(Algorithms.PRF_HMAC_SHA2_256).compute(old.skD(), concat(newSecret, concat(nonceI, nonceR)));
        byte[] keymat = Prf.of(Algorithms.PRF_HMAC_SHA2_384).prfPlus(skeyseed,
                concat(concat(nonceI, nonceR), hex("11111111111111112222222222222222")), 48 + 2 * 48 + 2 * 32 + 2 * 48);

        IkeKeyMaterial rekeyed = old.deriveRekeyed(newSuite, newSecret, nonceI, nonceR, spiI, spiR);

        assertThat(rekeyed.suite()).isEqualTo(newSuite);
        assertThat(rekeyed.skD()).isEqualTo(Arrays.copyOfRange(keymat, 0, 48));
        assertThat(rekeyed.skAi()).isEqualTo(Arrays.copyOfRange(keymat, 48, 96));
        assertThat(rekeyed.skAr()).isEqualTo(Arrays.copyOfRange(keymat, 96, 144));
        assertThat(rekeyed.skEi()).isEqualTo(Arrays.copyOfRange(keymat, 144, 176));
        assertThat(rekeyed.skEr()).isEqualTo(Arrays.copyOfRange(keymat, 176, 208));
        assertThat(rekeyed.skPi()).isEqualTo(Arrays.copyOfRange(keymat, 208, 256));
        assertThat(rekeyed.skPr()).isEqualTo(Arrays.copyOfRange(keymat, 256, 304));
    }

    @Test
    void sealedMessageOpensWithPeerKeys() throws Exception {
        IkeSuite cbc = new IkeSuite(Algorithms.ENCR_AES_CBC, 128, Algorithms.PRF_HMAC_SHA2_256,
                Algorithms.AUTH_HMAC_SHA2_256_128, Algorithms.MODP_2048);
        IkeKeyMaterial initiator = IkeKeyMaterial.derive(cbc, SHARED_SECRET, NONCE_I, NONCE_R, SPI_I, SPI_R);
        IkeKeyMaterial responder = IkeKeyMaterial.derive(cbc, SHARED_SECRET, NONCE_I, NONCE_R, SPI_I, SPI_R);
        byte[] plaintext = "inner payload chain".getBytes(StandardCharsets.US_ASCII);
        SkCipher sender = initiator.initiatorCipher();
        byte[] message = new byte[AAD_LENGTH + sender.encryptedLength(plaintext.length)];

        sender.seal(message, AAD_LENGTH, plaintext);

        assertThat(responder.initiatorCipher().open(message, AAD_LENGTH, message.length)).isEqualTo(plaintext);
    }

    @Test
    void droppedAuthenticationKeysExportAsZeros() throws Exception {
        IkeKeyMaterial keys = captured();
        byte[] message = withoutNonEspMarker(resource("ike-auth-request.hex"));

        keys.dropAuthenticationKeys();
        IkeKeyMaterial restored = IkeKeyMaterial.restore(keys.export());

        assertThat(keys.export().keymat()).hasSize(168);
        assertThat(hex(restored.skD())).isEqualTo("6a87c68e78ac45e464b73ed76b56eeea23a992b230556db51ac9998da37b07a8");
        assertThat(restored.skPi()).hasSize(32).containsOnly(0);
        assertThat(restored.skPr()).hasSize(32).containsOnly(0);
        assertThat(restored.initiatorCipher().open(message, AAD_LENGTH, message.length)).hasSize(207);
        assertThatThrownBy(() -> keys.signedOctets(true, new byte[1], new byte[1], new byte[1]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SK_pi and SK_pr were dropped once the IKE SA was established");
    }

    @Test
    void destroyWipesKeysAndBlocksUse() {
        IkeKeyMaterial keys = captured();

        keys.destroy();

        assertThat(keys.skD()).containsOnly(0);
        assertThat(keys.skEi()).containsOnly(0);
        assertThat(keys.skPr()).containsOnly(0);
        assertThat(keys.toString()).isEqualTo("IkeKeyMaterial[aes256gcm16-prfsha256-x25519, destroyed]");
        assertThatThrownBy(keys::initiatorCipher).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aeadSuiteWithIntegrityIsRejected() {
        IkeSuite mixed = new IkeSuite(Algorithms.ENCR_AES_GCM_16, 256, Algorithms.PRF_HMAC_SHA2_256,
                Algorithms.AUTH_HMAC_SHA2_256_128, Algorithms.CURVE25519);

        assertThatThrownBy(() -> IkeKeyMaterial.derive(mixed, SHARED_SECRET, NONCE_I, NONCE_R, SPI_I, SPI_R))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aes256gcm16-sha256-prfsha256-x25519");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
