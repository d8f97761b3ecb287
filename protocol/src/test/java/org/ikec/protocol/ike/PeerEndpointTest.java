package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PeerEndpointTest {

    @Property
    void packRoundTripsEveryIpv4Endpoint(@ForAll int address, @ForAll @IntRange(min = 0, max = 65535) int port)
            throws UnknownHostException {
        byte[] octets = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        InetSocketAddress endpoint = new InetSocketAddress(InetAddress.getByAddress(octets), port);

        long packed = PeerEndpoint.pack(endpoint);

        assertThat(packed).isNotEqualTo(PeerEndpoint.NOT_IPV4);
        assertThat(PeerEndpoint.unpack(packed)).isEqualTo(endpoint);
    }

    @Test
    void packKeepsLowestAndHighestEndpoints() {
        InetSocketAddress lowest = new InetSocketAddress("0.0.0.0", 0);
        InetSocketAddress highest = new InetSocketAddress("255.255.255.255", 65535);

        assertThat(PeerEndpoint.pack(lowest)).isNotEqualTo(PeerEndpoint.NOT_IPV4);
        assertThat(PeerEndpoint.unpack(PeerEndpoint.pack(lowest))).isEqualTo(lowest);
        assertThat(PeerEndpoint.unpack(PeerEndpoint.pack(highest))).isEqualTo(highest);
    }

    @Test
    void packLeavesOtherEndpointsUnpacked() {
        assertThat(PeerEndpoint.pack(new InetSocketAddress("2001:db8::7", 4500))).isEqualTo(PeerEndpoint.NOT_IPV4);
        assertThat(PeerEndpoint.pack(InetSocketAddress.createUnresolved("peer.example", 500)))
                .isEqualTo(PeerEndpoint.NOT_IPV4);
        assertThat(PeerEndpoint.pack(null)).isEqualTo(PeerEndpoint.NOT_IPV4);
    }
}
