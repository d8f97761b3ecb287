package org.ikec.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ikec.protocol.crypto.TestBytes.hex;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyExchangeTest {

    // RFC 7748 §6.1.
    private static final byte[] X25519_ALICE_PRIVATE =
            hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final String X25519_ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private static final byte[] X25519_BOB_PRIVATE =
            hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static final String X25519_BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private static final String X25519_SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    // RFC 5903 §8.1.
    private static final String P256_I = "C88F01F5 10D9AC3F 70A292DA A2316DE5 44E9AAB8 AFE84049 C62A9C57 862D1433";
    private static final String P256_GI = "DAD0B653 94221CF9 B051E1FE CA5787D0 98DFE637 FC90B9EF 945D0C37 72581180"
            + "5271A046 1CDB8252 D61F1C45 6FA3E59A B1F45B33 ACCF5F58 389E0577 B8990BB3";
    private static final String P256_R = "C6EF9C5D 78AE012A 011164AC B397CE20 88685D8F 06BF9BE0 B283AB46 476BEE53";
    private static final String P256_GR = "D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 4494BF63"
            + "56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 039872AB";
    private static final String P256_GIRX = "D6840F6B 42F6EDAF D13116E0 E1256520 2FEF8E9E CE7DCE03 812464D0 4B9442DE";

    // RFC 5903 §8.2.
    private static final String P384_I = "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655"
            + "e35b538041e649ee3faef896783ab194";
    private static final String P384_GI = "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6"
            + "de3ac808acb4bdb4c88732aee95f41aa"
            + "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38e"
            + "eb9fcff3c2c947dae69b4c634573a81c";
    private static final String P384_R = "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942"
            + "e0308312916b8ed2960e4bd55a7448fc";
    private static final String P384_GR = "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d"
            + "0d1ac43a0336def96fda41d0774a3571"
            + "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1ff"
            + "f83fa40142209dff5eaad96db9e6386c";
    private static final String P384_GIRX = "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4"
            + "d603135569b9e9d09cf5d4a270f59746";

    @Test
    void x25519MatchesRfc7748() throws Exception {
        KeyExchange alice = X25519KeyExchange.withPrivateKey(X25519_ALICE_PRIVATE);
        KeyExchange bob = X25519KeyExchange.withPrivateKey(X25519_BOB_PRIVATE);

        assertThat(hex(alice.publicValue())).isEqualTo(X25519_ALICE_PUBLIC);
        assertThat(hex(bob.publicValue())).isEqualTo(X25519_BOB_PUBLIC);
        assertThat(hex(alice.sharedSecret(bob.publicValue()))).isEqualTo(X25519_SHARED);
        assertThat(hex(bob.sharedSecret(alice.publicValue()))).isEqualTo(X25519_SHARED);
    }

    @Test
    void x25519RejectsAllZeroSharedSecret() {
        KeyExchange exchange = KeyExchanges.create(Algorithms.CURVE25519);

        // u = 0 and u = 1 have small order, so the product is all zeros (RFC 8031 §2).
        assertThatThrownBy(() -> exchange.sharedSecret(new byte[32]))
                .isInstanceOf(InvalidKeyExchangeException.class)
                .hasMessageContaining("all zeros");
        byte[] uEqualsOne = new byte[32];
        uEqualsOne[0] = 1;
        assertThatThrownBy(() -> exchange.sharedSecret(uEqualsOne)).isInstanceOf(InvalidKeyExchangeException.class);
    }

    @Test
    void x25519RejectsWrongLength() {
        KeyExchange exchange = KeyExchanges.create(Algorithms.CURVE25519);

        assertThatThrownBy(() -> exchange.sharedSecret(new byte[31]))
                .isInstanceOf(InvalidKeyExchangeException.class)
                .hasMessageContaining("31 bytes, expected 32");
    }

    @Test
    void ecp256MatchesRfc5903() throws Exception {
        KeyExchange initiator = EcpKeyExchange.withPrivateKey(Algorithms.ECP_256, new BigInteger(1, hex(P256_I)));
        KeyExchange responder = EcpKeyExchange.withPrivateKey(Algorithms.ECP_256, new BigInteger(1, hex(P256_R)));

        assertThat(initiator.publicValue()).isEqualTo(hex(P256_GI));
        assertThat(responder.publicValue()).isEqualTo(hex(P256_GR));
        assertThat(initiator.sharedSecret(hex(P256_GR))).isEqualTo(hex(P256_GIRX));
        assertThat(responder.sharedSecret(hex(P256_GI))).isEqualTo(hex(P256_GIRX));
    }

    @Test
    void ecp384MatchesRfc5903() throws Exception {
        KeyExchange initiator = EcpKeyExchange.withPrivateKey(Algorithms.ECP_384, new BigInteger(1, hex(P384_I)));
        KeyExchange responder = EcpKeyExchange.withPrivateKey(Algorithms.ECP_384, new BigInteger(1, hex(P384_R)));

        assertThat(initiator.publicValue()).isEqualTo(hex(P384_GI));
        assertThat(responder.publicValue()).isEqualTo(hex(P384_GR));
        assertThat(initiator.sharedSecret(hex(P384_GR))).isEqualTo(hex(P384_GIRX));
        assertThat(responder.sharedSecret(hex(P384_GI))).isEqualTo(hex(P384_GIRX));
    }

    @Test
    void ecpRejectsPointOffCurve() {
        KeyExchange exchange = KeyExchanges.create(Algorithms.ECP_256);
        byte[] offCurve = hex(P256_GR);
        offCurve[63] ^= 1;

        assertThatThrownBy(() -> exchange.sharedSecret(offCurve))
                .isInstanceOf(InvalidKeyExchangeException.class)
                .hasMessageContaining("not a point on the curve");
        assertThatThrownBy(() -> exchange.sharedSecret(new byte[64]))
                .isInstanceOf(InvalidKeyExchangeException.class);
    }

    @Test
    void ecpRejectsCoordinateAbovePrime() {
        KeyExchange exchange = KeyExchanges.create(Algorithms.ECP_256);
        byte[] value = hex(P256_GR);
        Arrays.fill(value, 0, 32, (byte) 0xff);

        assertThatThrownBy(() -> exchange.sharedSecret(value))
                .isInstanceOf(InvalidKeyExchangeException.class)
                .hasMessageContaining("field prime");
    }

    @Test
    void ecpRejectsWrongLengthAndSec1Prefix() {
        KeyExchange exchange = KeyExchanges.create(Algorithms.ECP_384);
        byte[] withPrefix = new byte[97];
        withPrefix[0] = 4;
        System.arraycopy(hex(P384_GR), 0, withPrefix, 1, 96);

        assertThatThrownBy(() -> exchange.sharedSecret(withPrefix))
                .isInstanceOf(InvalidKeyExchangeException.class)
                .hasMessageContaining("97 bytes, expected 96");
    }

    @Test
    void modp2048PeersAgree() throws Exception {
        KeyExchange initiator = KeyExchanges.create(Algorithms.MODP_2048);
        KeyExchange responder = KeyExchanges.create(Algorithms.MODP_2048);

        byte[] initiatorSecret = initiator.sharedSecret(responder.publicValue());
        byte[] responderSecret = responder.sharedSecret(initiator.publicValue());

        assertThat(initiator.publicValue()).hasSize(256);
        assertThat(initiatorSecret).hasSize(256).isEqualTo(responderSecret);
    }

    @Test
    void modp2048RejectsOutOfRangeValues() {
        KeyExchange exchange = KeyExchanges.create(Algorithms.MODP_2048);
        BigInteger prime = org.bouncycastle.crypto.agreement.DHStandardGroups.rfc3526_2048.getP();

        for (BigInteger y : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, prime.subtract(BigInteger.ONE), prime}) {
            byte[] value = Bytes.leftPad(y.toByteArray(), 256);

            assertThatThrownBy(() -> exchange.sharedSecret(value))
                    .as("y = %s", y.toString(16))
                    .isInstanceOf(InvalidKeyExchangeException.class)
                    .hasMessageContaining("outside 1 < y < p-1");
        }
        assertThatThrownBy(() -> exchange.sharedSecret(new byte[255]))
                .isInstanceOf(InvalidKeyExchangeException.class)
                .hasMessageContaining("255 bytes, expected 256");
    }

    /** The 1024-bit MODP group's prime as RFC 2409 §6.2 prints it; its generator is 2. */
    private static final String RFC2409_GROUP2_PRIME = "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1"
            + "29024E08 8A67CC74 020BBEA6 3B139B22 514A0879 8E3404DD"
            + "EF9519B3 CD3A431B 302B0A6D F25F1437 4FE1356D 6D51C245"
            + "E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED"
            + "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE65381"
            + "FFFFFFFF FFFFFFFF";

    @Test
    void modp1024UsesRfc2409Group2() {
        assertThat(ModpKeyExchange.parameters(Algorithms.MODP_1024).getP())
                .isEqualTo(new BigInteger(1, hex(RFC2409_GROUP2_PRIME)));
        assertThat(ModpKeyExchange.parameters(Algorithms.MODP_1024).getG()).isEqualTo(BigInteger.TWO);
        assertThat(KeyExchanges.publicValueLength(Algorithms.MODP_1024)).isEqualTo(128);
    }

    @Test
    void modp1024PublicValueIsPaddedPowerOfTwo() {
        KeyExchange exchange = ModpKeyExchange.withPrivateKey(Algorithms.MODP_1024, BigInteger.valueOf(10));

        byte[] expected = new byte[128];
        expected[126] = 0x04;
        assertThat(exchange.publicValue()).isEqualTo(expected);
        assertThat(exchange.group()).isEqualTo(Algorithms.MODP_1024);
        assertThat(exchange).hasToString("KeyExchange[modp1024]");
    }

    @Test
    void modp1024PeersAgree() throws Exception {
        KeyExchange initiator = KeyExchanges.create(Algorithms.MODP_1024);
        KeyExchange responder = KeyExchanges.create(Algorithms.MODP_1024);

        byte[] initiatorSecret = initiator.sharedSecret(responder.publicValue());
        byte[] responderSecret = responder.sharedSecret(initiator.publicValue());

        assertThat(initiator.publicValue()).hasSize(128);
        assertThat(initiatorSecret).hasSize(128).isEqualTo(responderSecret);
    }

    @Test
    void modp1024RejectsOutOfRangeValues() {
        KeyExchange exchange = KeyExchanges.create(Algorithms.MODP_1024);
        BigInteger prime = new BigInteger(1, hex(RFC2409_GROUP2_PRIME));

        for (BigInteger y : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, prime.subtract(BigInteger.ONE), prime}) {
            byte[] value = Bytes.leftPad(y.toByteArray(), 128);

            assertThatThrownBy(() -> exchange.sharedSecret(value))
                    .as("y = %s", y.toString(16))
                    .isInstanceOf(InvalidKeyExchangeException.class)
                    .hasMessage("modp1024 public value is outside 1 < y < p-1");
        }
        assertThatThrownBy(() -> exchange.sharedSecret(new byte[256]))
                .isInstanceOf(InvalidKeyExchangeException.class)
                .hasMessage("modp1024 public value has 256 bytes, expected 128");
    }

    @Test
    void sharedSecretIsComputedOnce() throws Exception {
        KeyExchange exchange = KeyExchanges.create(Algorithms.CURVE25519);
        byte[] peer = KeyExchanges.create(Algorithms.CURVE25519).publicValue();

        exchange.sharedSecret(peer);

        assertThatThrownBy(() -> exchange.sharedSecret(peer)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void publicValueLengthsPerGroup() {
        assertThat(KeyExchanges.publicValueLength(Algorithms.MODP_2048)).isEqualTo(256);
        assertThat(KeyExchanges.publicValueLength(Algorithms.ECP_256)).isEqualTo(64);
        assertThat(KeyExchanges.publicValueLength(Algorithms.ECP_384)).isEqualTo(96);
        assertThat(KeyExchanges.publicValueLength(Algorithms.CURVE25519)).isEqualTo(32);
        for (int group : new int[] {Algorithms.MODP_1024, Algorithms.MODP_2048, Algorithms.ECP_256, Algorithms.ECP_384,
                Algorithms.CURVE25519}) {
            KeyExchange exchange = KeyExchanges.create(group);
            assertThat(exchange.group()).isEqualTo(group);
            assertThat(exchange.publicValue()).hasSize(KeyExchanges.publicValueLength(group));
        }
    }

    @Test
    void unsupportedGroupIsRejected() {
        assertThatThrownBy(() -> KeyExchanges.create(Algorithms.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported key exchange group 0");
        assertThatThrownBy(() -> KeyExchanges.publicValueLength(21))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
