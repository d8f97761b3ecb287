package org.ikec.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ikec.protocol.crypto.TestBytes.hex;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SkCipherTest {

    private static final int AAD_LENGTH = 32;

    // The GCM specification's test case 16 (AES-256, 96-bit IV, 20 bytes of AAD), also in
    // NIST's GCM test vectors. The salt is the first 4 bytes of the IV.
    private static final byte[] GCM_KEY = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    private static final byte[] GCM_SALT = hex("cafebabe");
    private static final byte[] GCM_IV = hex("facedbaddecaf888");
    private static final byte[] GCM_AAD = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    private static final byte[] GCM_PLAINTEXT = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    private static final String GCM_CIPHERTEXT_AND_TAG = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" + "76fc6ece0f4e1768cddf8853bb2d551b";

    // RFC 8439 §2.8.2. The nonce is the 4-byte constant 07000000 (the salt) and the 8-byte IV.
    private static final byte[] CHACHA_KEY = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    private static final byte[] CHACHA_SALT = hex("07000000");
    private static final byte[] CHACHA_IV = hex("4041424344454647");
    private static final byte[] CHACHA_AAD = hex("50515253c0c1c2c3c4c5c6c7");
    private static final byte[] CHACHA_PLAINTEXT = ("Ladies and Gentlemen of the class of '99: If I could offer you "
            + "only one tip for the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    private static final String CHACHA_CIPHERTEXT_AND_TAG = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58"
            + "fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116"
            + "1ae10b594f09e26a7e902ecbd0600691";

    @Test
    void aesGcmEncryptsPublishedVector() {
        AeadSkCipher cipher = new AeadSkCipher(Algorithms.ENCR_AES_GCM_16, concat(GCM_KEY, GCM_SALT));
        byte[] message = new byte[GCM_AAD.length + 8 + GCM_PLAINTEXT.length + 16];
        System.arraycopy(GCM_AAD, 0, message, 0, GCM_AAD.length);
        System.arraycopy(GCM_IV, 0, message, GCM_AAD.length, 8);

        cipher.encryptAfterIv(message, GCM_AAD.length, GCM_PLAINTEXT);

        assertThat(hex(Arrays.copyOfRange(message, GCM_AAD.length + 8, message.length)))
                .isEqualTo(GCM_CIPHERTEXT_AND_TAG);
    }

    @Test
    void aesGcmOpensPublishedVector() throws Exception {
        AeadSkCipher cipher = new AeadSkCipher(Algorithms.ENCR_AES_GCM_16, concat(GCM_KEY, GCM_SALT));
        byte[] message = concat(concat(GCM_AAD, GCM_IV), hex(GCM_CIPHERTEXT_AND_TAG));

        byte[] inner = cipher.open(message, GCM_AAD.length, message.length);

        // The last plaintext byte, 0x39 = 57, is read as the Pad Length: 60 - 1 - 57 = 2 bytes remain.
        assertThat(hex(inner)).isEqualTo("d931");
    }

    @Test
    void chaCha20Poly1305EncryptsRfc8439Vector() {
        AeadSkCipher cipher = new AeadSkCipher(Algorithms.ENCR_CHACHA20_POLY1305, concat(CHACHA_KEY, CHACHA_SALT));
        byte[] message = new byte[CHACHA_AAD.length + 8 + CHACHA_PLAINTEXT.length + 16];
        System.arraycopy(CHACHA_AAD, 0, message, 0, CHACHA_AAD.length);
        System.arraycopy(CHACHA_IV, 0, message, CHACHA_AAD.length, 8);

        cipher.encryptAfterIv(message, CHACHA_AAD.length, CHACHA_PLAINTEXT);

        assertThat(hex(Arrays.copyOfRange(message, CHACHA_AAD.length + 8, message.length)))
                .isEqualTo(CHACHA_CIPHERTEXT_AND_TAG);
    }

    @Test
    void chaCha20Poly1305OpensRfc8439Vector() throws Exception {
        AeadSkCipher cipher = new AeadSkCipher(Algorithms.ENCR_CHACHA20_POLY1305, concat(CHACHA_KEY, CHACHA_SALT));
        byte[] message = concat(concat(CHACHA_AAD, CHACHA_IV), hex(CHACHA_CIPHERTEXT_AND_TAG));

        byte[] inner = cipher.open(message, CHACHA_AAD.length, message.length);

        // The last plaintext byte, '.' = 46, is read as the Pad Length: 114 - 1 - 46 = 67 bytes remain.
        assertThat(inner).isEqualTo(Arrays.copyOf(CHACHA_PLAINTEXT, 67));
    }

    static Stream<Arguments> suites() {
        return Stream.of(
                Arguments.of("aes128gcm16", Algorithms.ENCR_AES_GCM_16, 128, Algorithms.AUTH_NONE, 20, 8, 16),
                Arguments.of("aes256gcm16", Algorithms.ENCR_AES_GCM_16, 256, Algorithms.AUTH_NONE, 36, 8, 16),
                Arguments.of("chacha20poly1305", Algorithms.ENCR_CHACHA20_POLY1305, 0, Algorithms.AUTH_NONE, 36, 8, 16),
                Arguments.of("aes128-sha256", Algorithms.ENCR_AES_CBC, 128, Algorithms.AUTH_HMAC_SHA2_256_128, 16, 16, 16),
                Arguments.of("aes192-sha384", Algorithms.ENCR_AES_CBC, 192, Algorithms.AUTH_HMAC_SHA2_384_192, 24, 16, 24),
                Arguments.of("aes256-sha512", Algorithms.ENCR_AES_CBC, 256, Algorithms.AUTH_HMAC_SHA2_512_256, 32, 16, 32),
                Arguments.of("aes256-sha1", Algorithms.ENCR_AES_CBC, 256, Algorithms.AUTH_HMAC_SHA1_96, 32, 16, 12),
                Arguments.of("3des-sha1", Algorithms.ENCR_3DES, 0, Algorithms.AUTH_HMAC_SHA1_96, 24, 8, 12),
                Arguments.of("3des-sha256", Algorithms.ENCR_3DES, 0, Algorithms.AUTH_HMAC_SHA2_256_128, 24, 8, 16));
    }

    private static SkCipher cipher(int encrId, int keyBits, int integId, int encryptionKeyLength) {
        byte[] encryptionKey = new byte[encryptionKeyLength];
        Arrays.fill(encryptionKey, (byte) 0x5a);
        byte[] integrityKey = new byte[Algorithms.integrityKeyLength(integId)];
        Arrays.fill(integrityKey, (byte) 0x3c);
        return SkCiphers.create(encrId, keyBits, integId, encryptionKey, integrityKey);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void sealThenOpenRoundTrips(String name, int encrId, int keyBits, int integId, int keyLength, int ivLength,
                                int icvLength) throws Exception {
        SkCipher sender = cipher(encrId, keyBits, integId, keyLength);
        SkCipher receiver = cipher(encrId, keyBits, integId, keyLength);

        assertThat(sender.ivLength()).isEqualTo(ivLength);
        assertThat(sender.icvLength()).isEqualTo(icvLength);
        for (int length = 0; length <= 40; length++) {
            byte[] plaintext = new byte[length];
            Arrays.fill(plaintext, (byte) length);
            byte[] message = new byte[AAD_LENGTH + sender.encryptedLength(length)];
            Arrays.fill(message, 0, AAD_LENGTH, (byte) 0xaa);

            sender.seal(message, AAD_LENGTH, plaintext);

            assertThat(receiver.open(message, AAD_LENGTH, message.length)).isEqualTo(plaintext);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void anyFlippedBitFailsIntegrity(String name, int encrId, int keyBits, int integId, int keyLength, int ivLength,
                                     int icvLength) {
        SkCipher sender = cipher(encrId, keyBits, integId, keyLength);
        SkCipher receiver = cipher(encrId, keyBits, integId, keyLength);
        byte[] plaintext = "payload chain".getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[AAD_LENGTH + sender.encryptedLength(plaintext.length)];
        sender.seal(message, AAD_LENGTH, plaintext);

        for (int bit = 0; bit < message.length * 8; bit++) {
            byte[] tampered = message.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));

            assertThatThrownBy(() -> receiver.open(tampered, AAD_LENGTH, tampered.length))
                    .as("bit %d", bit)
                    .isInstanceOf(IntegrityCheckFailedException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void truncatedMessagesFailIntegrity(String name, int encrId, int keyBits, int integId, int keyLength,
                                        int ivLength, int icvLength) {
        SkCipher sender = cipher(encrId, keyBits, integId, keyLength);
        byte[] plaintext = "payload chain".getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[AAD_LENGTH + sender.encryptedLength(plaintext.length)];
        sender.seal(message, AAD_LENGTH, plaintext);

        for (int length = 0; length < message.length; length++) {
            int messageLength = length;

            assertThatThrownBy(() -> sender.open(message, AAD_LENGTH, messageLength))
                    .as("length %d", length)
                    .isInstanceOf(IntegrityCheckFailedException.class);
        }
        assertThatThrownBy(() -> sender.open(message, AAD_LENGTH, message.length + 1))
                .isInstanceOf(IntegrityCheckFailedException.class);
    }

    @Test
    void aeadEncryptedLengthHasPadLengthByteOnly() {
        SkCipher cipher = cipher(Algorithms.ENCR_AES_GCM_16, 256, Algorithms.AUTH_NONE, 36);

        assertThat(cipher.encryptedLength(0)).isEqualTo(8 + 1 + 16);
        assertThat(cipher.encryptedLength(207)).isEqualTo(8 + 208 + 16);
    }

    @Test
    void cbcEncryptedLengthPadsToBlock() {
        SkCipher cipher = cipher(Algorithms.ENCR_AES_CBC, 128, Algorithms.AUTH_HMAC_SHA2_256_128, 16);

        assertThat(cipher.encryptedLength(0)).isEqualTo(16 + 16 + 16);
        assertThat(cipher.encryptedLength(15)).isEqualTo(16 + 16 + 16);
        assertThat(cipher.encryptedLength(16)).isEqualTo(16 + 32 + 16);
    }

    @Test
    void tripleDesEncryptedLengthPadsToEightByteBlock() {
        SkCipher cipher = cipher(Algorithms.ENCR_3DES, 0, Algorithms.AUTH_HMAC_SHA1_96, 24);

        assertThat(cipher.encryptedLength(0)).isEqualTo(8 + 8 + 12);
        assertThat(cipher.encryptedLength(7)).isEqualTo(8 + 8 + 12);
        assertThat(cipher.encryptedLength(8)).isEqualTo(8 + 16 + 12);
        assertThat(cipher).hasToString("SkCipher[3des-sha1]");
    }

    // A three-key TDEA known-answer test: under these keys the block "The qufc" encrypts to
    // a826fd8ce53b855f, as `openssl enc -des-ede3 -nopad` also computes.
    private static final byte[] TDES_KEY = hex("0123456789abcdef 23456789abcdef01 456789abcdef0123");
    private static final byte[] TDES_PLAINTEXT_BLOCK = "The qufc".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TDES_CIPHERTEXT_BLOCK = hex("a826fd8ce53b855f");

    @Test
    void tripleDesOpensSp80067Block() throws Exception {
        // CBC decryption gives D(C1) xor IV, so an IV of "The qufc" xor "payload\0" turns the
        // published block into "payload" with a Pad Length of 0.
        byte[] wanted = "payload\0".getBytes(StandardCharsets.US_ASCII);
        byte[] iv = new byte[8];
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (TDES_PLAINTEXT_BLOCK[i] ^ wanted[i]);
        }
        byte[] integrityKey = new byte[20];
        Arrays.fill(integrityKey, (byte) 0x3c);
        byte[] message = concat(concat(new byte[AAD_LENGTH], iv), TDES_CIPHERTEXT_BLOCK);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(integrityKey, "HmacSHA1"));
        byte[] withIcv = concat(message, Arrays.copyOf(mac.doFinal(message), 12));
        CbcHmacSkCipher cipher = new CbcHmacSkCipher(Algorithms.ENCR_3DES, TDES_KEY, Algorithms.AUTH_HMAC_SHA1_96,
                integrityKey);

        byte[] inner = cipher.open(withIcv, AAD_LENGTH, withIcv.length);

        assertThat(new String(inner, StandardCharsets.US_ASCII)).isEqualTo("payload");
    }

    @Test
    void hmacSha1IcvMatchesRfc2404() {
        // RFC 2202 §3 test cases 1 and 2, truncated to the 96 bits that RFC 2404 keeps.
        byte[] case1Key = new byte[20];
        Arrays.fill(case1Key, (byte) 0x0b);
        byte[] case1Data = "Hi There".getBytes(StandardCharsets.US_ASCII);
        byte[] case2Key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] case2Data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        CbcHmacSkCipher case1 = new CbcHmacSkCipher(Algorithms.ENCR_3DES, TDES_KEY, Algorithms.AUTH_HMAC_SHA1_96,
                case1Key);
        CbcHmacSkCipher case2 = new CbcHmacSkCipher(Algorithms.ENCR_AES_CBC, new byte[16],
                Algorithms.AUTH_HMAC_SHA1_96, case2Key);

        assertThat(hex(case1.icv(case1Data, case1Data.length))).isEqualTo("b617318655057264e28bc0b6");
        assertThat(hex(case2.icv(case2Data, case2Data.length))).isEqualTo("effcdf6ae5eb2fa2d27416d5");
    }

    @Test
    void cbcPadLengthBeyondDataFails() throws Exception {
        // Valid ICV over a ciphertext whose last decrypted byte claims 16 bytes of padding in one block.
        byte[] encryptionKey = new byte[16];
        byte[] integrityKey = new byte[32];
        CbcHmacSkCipher cipher = new CbcHmacSkCipher(Algorithms.ENCR_AES_CBC, encryptionKey,
                Algorithms.AUTH_HMAC_SHA2_256_128, integrityKey);
        byte[] block = new byte[16];
        block[15] = 16;
        byte[] iv = new byte[16];
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"),
                new IvParameterSpec(iv));
        byte[] message = concat(concat(new byte[AAD_LENGTH], iv), aes.doFinal(block));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(integrityKey, "HmacSHA256"));
        byte[] withIcv = concat(message, Arrays.copyOf(mac.doFinal(message), 16));

        assertThatThrownBy(() -> cipher.open(withIcv, AAD_LENGTH, withIcv.length))
                .isInstanceOf(IntegrityCheckFailedException.class)
                .hasMessageContaining("Pad Length 16");
    }

    @Test
    void aeadIvsDoNotRepeat() {
        SkCipher cipher = cipher(Algorithms.ENCR_AES_GCM_16, 128, Algorithms.AUTH_NONE, 20);
        byte[] first = new byte[AAD_LENGTH + cipher.encryptedLength(0)];
        byte[] second = new byte[AAD_LENGTH + cipher.encryptedLength(0)];

        cipher.seal(first, AAD_LENGTH, new byte[0]);
        cipher.seal(second, AAD_LENGTH, new byte[0]);

        long firstIv = ByteBuffer.wrap(first, AAD_LENGTH, 8).getLong();
        long secondIv = ByteBuffer.wrap(second, AAD_LENGTH, 8).getLong();
        assertThat(secondIv).isEqualTo(firstIv + 1);
    }

    @Test
    void sealRejectsWrongBufferSize() {
        SkCipher cipher = cipher(Algorithms.ENCR_AES_GCM_16, 128, Algorithms.AUTH_NONE, 20);

        assertThatThrownBy(() -> cipher.seal(new byte[AAD_LENGTH + 10], AAD_LENGTH, new byte[5]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
