package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class CookiesTest {

    private static final byte[] CLUSTER_SECRET = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"
            + "101112131415161718191a1b1c1d1e1f");
    private static final byte[] NONCE_I = HexFormat.of().parseHex("c0ffee00112233445566778899aabbcc");
    private static final InetAddress PEER = address("198.51.100.7");
    private static final long SPI_I = 0x1111_2222_3333_4444L;

    /** 2024-01-01T00:00:00Z plus 42 seconds, inside version 5_680_224 of a five-minute rotation. */
    private static final long NOW = 1_704_067_242_000L;
    private static final long ROTATION = Duration.ofMinutes(5).toMillis();

    private final Cookies cookies = new Cookies(CLUSTER_SECRET);

    @Test
    void sameInputsMakeSameCookie() {
        byte[] first = cookies.make(NONCE_I, PEER, SPI_I, NOW);
        byte[] second = cookies.make(NONCE_I, PEER, SPI_I, NOW + 1000);

        assertThat(first).hasSize(20);
        assertThat(second).isEqualTo(first);
        assertThat(Arrays.copyOf(first, 4)).containsExactly(0x00, 0x56, 0xac, 0x60);
        assertThat(cookies.version(NOW)).isEqualTo(5_680_224L);
    }

    @Test
    void cookieFollowsDocumentedConstruction() throws Exception {
        long version = NOW / ROTATION;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(CLUSTER_SECRET, "HmacSHA256"));
        byte[] secret = mac.doFinal(ByteBuffer.allocate(24 + 8 + 1)
                .put("ikec IKEv2 cookie secret".getBytes(StandardCharsets.US_ASCII)).putLong(version).put((byte) 1)
                .array());
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(2 + 16 + 4 + 8)
                .putShort((short) 16).put(NONCE_I).put(PEER.getAddress()).putLong(SPI_I).array());
        byte[] expected = ByteBuffer.allocate(20).putInt((int) version).put(hash, 0, 16).array();

        assertThat(cookies.make(NONCE_I, PEER, SPI_I, NOW)).isEqualTo(expected);
    }

    @Test
    void otherNonceAddressOrSpiMakeOtherCookie() {
        byte[] cookie = cookies.make(NONCE_I, PEER, SPI_I, NOW);
        byte[] otherNonce = NONCE_I.clone();
        otherNonce[15] ^= 1;
        InetAddress otherPeer = address("198.51.100.8");

        assertThat(cookies.make(otherNonce, PEER, SPI_I, NOW)).isNotEqualTo(cookie);
        assertThat(cookies.make(NONCE_I, otherPeer, SPI_I, NOW)).isNotEqualTo(cookie);
        assertThat(cookies.make(NONCE_I, PEER, SPI_I + 1, NOW)).isNotEqualTo(cookie);
        assertThat(cookies.isValid(cookie, otherNonce, PEER, SPI_I, NOW)).isFalse();
        assertThat(cookies.isValid(cookie, NONCE_I, otherPeer, SPI_I, NOW)).isFalse();
        assertThat(cookies.isValid(cookie, NONCE_I, PEER, SPI_I + 1, NOW)).isFalse();
        assertThat(cookies.isValid(cookie, NONCE_I, PEER, SPI_I, NOW)).isTrue();
    }

    @Test
    void nonceAndAddressBoundaryIsUnambiguous() {
        InetAddress v6 = address("2001:db8::c633:6407");
        InetAddress v4 = address("198.51.100.7");
        byte[] longNonce = ByteBuffer.allocate(28).put(NONCE_I).put(v6.getAddress(), 0, 12).array();

        byte[] cookie = cookies.make(NONCE_I, v6, SPI_I, NOW);

        assertThat(cookies.isValid(cookie, longNonce, v4, SPI_I, NOW)).isFalse();
    }

    @Test
    void previousVersionIsAccepted() {
        byte[] cookie = cookies.make(NONCE_I, PEER, SPI_I, NOW);

        assertThat(cookies.isValid(cookie, NONCE_I, PEER, SPI_I, NOW + ROTATION)).isTrue();
        assertThat(cookies.make(NONCE_I, PEER, SPI_I, NOW + ROTATION)).isNotEqualTo(cookie);
    }

    @Test
    void versionTwoBackIsRejected() {
        byte[] cookie = cookies.make(NONCE_I, PEER, SPI_I, NOW);

        assertThat(cookies.isValid(cookie, NONCE_I, PEER, SPI_I, NOW + 2 * ROTATION)).isFalse();
    }

    @Test
    void cookieFromLaterVersionIsRejected() {
        byte[] cookie = cookies.make(NONCE_I, PEER, SPI_I, NOW + ROTATION);

        assertThat(cookies.isValid(cookie, NONCE_I, PEER, SPI_I, NOW)).isFalse();
    }

    @Test
    void tamperedCookieIsRejected() {
        byte[] cookie = cookies.make(NONCE_I, PEER, SPI_I, NOW);

        for (int i = 0; i < cookie.length; i++) {
            byte[] tampered = cookie.clone();
            tampered[i] ^= 0x01;
            assertThat(cookies.isValid(tampered, NONCE_I, PEER, SPI_I, NOW)).as("bit flipped in byte %d", i).isFalse();
        }
        assertThat(cookies.isValid(Arrays.copyOf(cookie, 19), NONCE_I, PEER, SPI_I, NOW)).isFalse();
        assertThat(cookies.isValid(Arrays.copyOf(cookie, 21), NONCE_I, PEER, SPI_I, NOW)).isFalse();
        assertThat(cookies.isValid(new byte[0], NONCE_I, PEER, SPI_I, NOW)).isFalse();
    }

    @Test
    void anotherNodeAcceptsCookie() {
        Cookies otherNode = new Cookies(CLUSTER_SECRET.clone());
        byte[] otherSecret = CLUSTER_SECRET.clone();
        otherSecret[0] ^= 1;
        Cookies otherCluster = new Cookies(otherSecret);

        byte[] cookie = cookies.make(NONCE_I, PEER, SPI_I, NOW);

        assertThat(otherNode.isValid(cookie, NONCE_I, PEER, SPI_I, NOW)).isTrue();
        assertThat(otherNode.isValid(cookie, NONCE_I, PEER, SPI_I, NOW + ROTATION)).isTrue();
        assertThat(otherNode.make(NONCE_I, PEER, SPI_I, NOW)).isEqualTo(cookie);
        assertThat(otherCluster.isValid(cookie, NONCE_I, PEER, SPI_I, NOW)).isFalse();
    }

    @Test
    void rotationPeriodIsConfigurable() {
        Cookies everyMinute = new Cookies(CLUSTER_SECRET, Duration.ofMinutes(1));
        byte[] cookie = everyMinute.make(NONCE_I, PEER, SPI_I, NOW);

        assertThat(everyMinute.rotation()).isEqualTo(Duration.ofMinutes(1));
        assertThat(cookies.rotation()).isEqualTo(Duration.ofMinutes(5));
        assertThat(everyMinute.version(NOW)).isEqualTo(28_401_120L);
        assertThat(everyMinute.isValid(cookie, NONCE_I, PEER, SPI_I, NOW + 60_000)).isTrue();
        assertThat(everyMinute.isValid(cookie, NONCE_I, PEER, SPI_I, NOW + 120_000)).isFalse();
    }

    @Test
    void constructorRejectsWeakSettings() {
        assertThatThrownBy(() -> new Cookies(new byte[15]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the cluster secret must have at least 16 bytes, it has 15");
        assertThatThrownBy(() -> new Cookies(CLUSTER_SECRET, Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the cookie rotation period must be at least 1s, it is PT0.999S");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
