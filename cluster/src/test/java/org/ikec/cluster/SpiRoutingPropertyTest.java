package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The SPI derivation every node must agree on, and IKE SA rekeys that stay in their entity. */
class SpiRoutingPropertyTest {

    @Property(tries = 300)
    void responderSpiIsSameForSameInputsAndSecret(@ForAll long spiI, @ForAll @Size(4) byte[] address,
                                                  @ForAll @IntRange(max = 65535) int port,
                                                  @ForAll @Size(min = 16, max = 64) byte[] secret)
            throws UnknownHostException {
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByAddress(address), port);

        long first = new SpiRouting(secret).responderSpi(spiI, peer);
        long second = new SpiRouting(secret.clone()).responderSpi(spiI,
                new InetSocketAddress(InetAddress.getByAddress(address.clone()), port));

        assertThat(second).isEqualTo(first);
        assertThat(first).isNotZero();
    }

    @Property(tries = 300)
    void responderSpiDiffersUnderAnotherSecret(@ForAll long spiI, @ForAll @Size(16) byte[] address,
                                               @ForAll @IntRange(max = 65535) int port,
                                               @ForAll @Size(min = 16, max = 64) byte[] secret,
                                               @ForAll @Size(min = 16, max = 64) byte[] otherSecret)
            throws UnknownHostException {
        Assume.that(!Arrays.equals(secret, otherSecret));
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByAddress(address), port);

        long ours = new SpiRouting(secret).responderSpi(spiI, peer);
        long theirs = new SpiRouting(otherSecret).responderSpi(spiI, peer);

        // Equal values would need a 64-bit HMAC-SHA-256 prefix collision.
        assertThat(theirs).isNotEqualTo(ours);
    }

    @Property(tries = 300)
    void responderSpiDiffersForAnotherPort(@ForAll long spiI, @ForAll @Size(4) byte[] address,
                                           @ForAll @IntRange(max = 65534) int port) throws UnknownHostException {
        SpiRouting routing = new SpiRouting(OneNodeCluster.CLUSTER_SECRET);
        InetAddress host = InetAddress.getByAddress(address);

        long spi = routing.responderSpi(spiI, new InetSocketAddress(host, port));
        long nextPort = routing.responderSpi(spiI, new InetSocketAddress(host, port + 1));

        assertThat(nextPort).isNotEqualTo(spi);
    }

    @Property(tries = 300)
    void newIkeSpiKeepsEntityId(@ForAll long predecessorSpi) {
        Assume.that(predecessorSpi >>> 32 != 0);
        SpiRouting routing = new SpiRouting(OneNodeCluster.CLUSTER_SECRET);

        long successorSpi = routing.newIkeSpi(predecessorSpi);

        assertThat(SpiRouting.entityId(successorSpi)).isEqualTo(SpiRouting.entityId(predecessorSpi));
        assertThat(successorSpi).isNotEqualTo(predecessorSpi);
        assertThat(successorSpi).isNotZero();
    }

    @Property(tries = 100)
    void entityIdIsUpper14BitsInHex(@ForAll long spi) {
        assertThat(SpiRouting.entityId(spi)).isEqualTo(String.format("%04x", spi >>> 50));
        assertThat(SpiRouting.entityId(spi)).hasSize(4);
    }
}
