package org.ikec.protocol.ike;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Packing of an IPv4 UDP endpoint into one {@code long}. An {@link InetSocketAddress} with its
 * address and their holder objects takes about 96 bytes of heap per IKE SA. {@link IkeSa} keeps an
 * IPv4 peer packed and rebuilds the address for each datagram it sends.
 */
final class PeerEndpoint {

    /** The result of {@link #pack} for null or an endpoint that is not IPv4. */
    static final long NOT_IPV4 = 0;

    /** The flag bit of a packed endpoint, so that 0.0.0.0 port 0 differs from {@link #NOT_IPV4}. */
    private static final long PACKED = 1L << 48;

    private PeerEndpoint() {
    }

    static long pack(InetSocketAddress endpoint) {
        if (endpoint == null || !(endpoint.getAddress() instanceof Inet4Address address)) {
            return NOT_IPV4;
        }

        byte[] octets = address.getAddress();
        long bits = ((octets[0] & 0xffL) << 24) | ((octets[1] & 0xffL) << 16) | ((octets[2] & 0xffL) << 8)
                | (octets[3] & 0xffL);
        return PACKED | (bits << 16) | endpoint.getPort();
    }

    /** Rebuilds an endpoint from a value of {@link #pack} other than {@link #NOT_IPV4}. */
    static InetSocketAddress unpack(long packed) {
        long bits = packed >>> 16;
        byte[] octets = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(octets), (int) (packed & 0xffff));
        } catch (UnknownHostException e) {
            throw new AssertionError("four octets are always an IPv4 address", e);
        }
    }
}
