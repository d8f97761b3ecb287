package org.ikec.cluster.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The preferred index is SHA-256 over the length-prefixed identity fields, first 4 bytes masked
 * to 31 bits. The expected values were computed independently with Python's hashlib.
 */
class TunnelHashingTest {

    private static final byte[] IPV4_PEER = {(byte) 192, 0, 2, 41};
    private static final byte[] IPV6_PEER = HexFormat.of().parseHex("20010db8000000000000000000000001");

    @Test
    void ipv4IdentityHashesToKnownIndex() {
        TunnelIdentity identity = new TunnelIdentity("ipsec_ss_cust554", IPV4_PEER, "gw.example.net",
                "client7@example.org");

        assertThat(TunnelHashing.preferredIndex(identity)).isEqualTo(2002011360);
    }

    @Test
    void ipv6IdentityHashesToKnownIndex() {
        TunnelIdentity identity = new TunnelIdentity("ipsec_ss_cust554", IPV6_PEER, "gw.example.net",
                "client7@example.org");

        assertThat(TunnelHashing.preferredIndex(identity)).isEqualTo(1370095242);
    }

    @Test
    void lengthPrefixesSeparateFields() {
        TunnelIdentity ab = new TunnelIdentity("ab", IPV4_PEER, "c", "");
        TunnelIdentity a = new TunnelIdentity("a", IPV4_PEER, "bc", "");

        assertThat(TunnelHashing.preferredIndex(ab)).isEqualTo(1818693058);
        assertThat(TunnelHashing.preferredIndex(a)).isEqualTo(1847161782);
    }

    @Test
    void identityRejectsOddAddressLength() {
        assertThatThrownBy(() -> new TunnelIdentity("ss", new byte[5], "l", "r"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("peerAddress has 5 bytes, expected 4 (IPv4) or 16 (IPv6)");
    }

    @Test
    void identityComparesAddressByValue() {
        TunnelIdentity first = new TunnelIdentity("ss", IPV4_PEER.clone(), "l", "r");
        TunnelIdentity second = new TunnelIdentity("ss", IPV4_PEER.clone(), "l", "r");

        assertThat(first).isEqualTo(second);
        assertThat(first.hashCode()).isEqualTo(second.hashCode());
        assertThat(first.toString()).isEqualTo("TunnelIdentity[serviceSet=ss, peerAddress=c0000229, localId=l, remoteId=r]");
    }

    @Property(tries = 200)
    void preferredIndexIsDeterministicAndInRange(@ForAll("identities") TunnelIdentity identity) {
        TunnelIdentity copy = new TunnelIdentity(identity.serviceSet(), identity.peerAddress(), identity.localId(),
                identity.remoteId());

        int index = TunnelHashing.preferredIndex(identity);

        assertThat(TunnelHashing.preferredIndex(copy)).isEqualTo(index);
        assertThat(index).isBetween(1, TunnelHashing.MAX_INDEX);
    }

    /**
     * Spreads 10,000 random identities over 16 buckets by the index's upper 4 bits and checks
     * Pearson's chi-square against 37.7, the 0.001 critical value for 15 degrees of freedom.
     */
    @Property(tries = 3)
    void preferredIndexIsRoughlyUniform(@ForAll("identityBatches") java.util.List<TunnelIdentity> identities) {
        int[] buckets = new int[16];
        for (TunnelIdentity identity : identities) {
            buckets[TunnelHashing.preferredIndex(identity) >>> 27]++;
        }

        double expected = identities.size() / 16.0;
        double chiSquare = 0;
        for (int count : buckets) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        assertThat(chiSquare).isLessThan(37.7);
    }

    @Provide
    Arbitrary<java.util.List<TunnelIdentity>> identityBatches() {
        return identities().list().ofSize(10_000).uniqueElements();
    }

    @Provide
    Arbitrary<TunnelIdentity> identities() {
        Arbitrary<String> serviceSets = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<byte[]> addresses = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(4),
                Arbitraries.bytes().array(byte[].class).ofSize(16));
        Arbitrary<String> ids = Arbitraries.strings().ofMinLength(0).ofMaxLength(40);
        return Combinators.combine(serviceSets, addresses, ids, ids).as(TunnelIdentity::new);
    }
}
