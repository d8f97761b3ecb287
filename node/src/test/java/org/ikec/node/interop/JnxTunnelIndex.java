package org.ikec.node.interop;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The index of a jnxIkeTunnelEntry (JNX-IPSEC-MONITOR-MIB): jnxIkeTunMonSvcSetName as a
 * length-prefixed octet string, jnxIkeTunMonRemoteGwAddrType, jnxIkeTunMonRemoteGwAddr as a
 * length-prefixed octet string, and jnxIkeTunMonTunnelIndex, encoded as RFC 2578 §7.7 specifies.
 *
 * @param serviceSet    service set name, the node's connection name
 * @param remoteAddress the peer's IKE address
 * @param tunnelIndex   the cluster-wide tunnel index
 */
record JnxTunnelIndex(String serviceSet, InetAddress remoteAddress, int tunnelIndex) {

    static final String IKE_TUNNEL_TABLE = ".1.3.6.1.4.1.2636.3.22.1.2.1";
    static final String IKE_TUNNEL_ENTRY = IKE_TUNNEL_TABLE + ".1";

    /**
     * Decodes the index of a column instance {@code .1.3.6.1.4.1.2636.3.22.1.2.1.1.COLUMN.INDEX}.
     * Throws when the OID is not in jnxIkeTunnelEntry or its index is malformed.
     */
    static JnxTunnelIndex ofInstance(String oid) {
        if (!oid.startsWith(IKE_TUNNEL_ENTRY + ".")) {
            throw new IllegalArgumentException("not a jnxIkeTunnelEntry instance: " + oid);
        }
        long[] arcs = arcs(oid.substring(IKE_TUNNEL_ENTRY.length() + 1));
        int position = 1;

        int nameLength = (int) arcs[position++];
        byte[] name = octets(arcs, position, nameLength, oid);
        position += nameLength;
        int addressType = (int) arcs[position++];
        int addressLength = (int) arcs[position++];
        byte[] address = octets(arcs, position, addressLength, oid);
        position += addressLength;
        if (position != arcs.length - 1) {
            throw new IllegalArgumentException("index of " + oid + " does not end with one tunnel index");
        }
        if (addressType == 1 && addressLength != 4 || addressType == 2 && addressLength != 16) {
            throw new IllegalArgumentException("address type " + addressType + " with " + addressLength
                    + " octets in " + oid);
        }

        try {
            return new JnxTunnelIndex(new String(name, StandardCharsets.UTF_8), InetAddress.getByAddress(address),
                    (int) arcs[position]);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid address octets in " + oid, e);
        }
    }

    /** Returns the column number of a jnxIkeTunnelEntry instance OID. */
    static int columnOf(String oid) {
        return (int) arcs(oid.substring(IKE_TUNNEL_ENTRY.length() + 1))[0];
    }

    private static long[] arcs(String dotted) {
        return Arrays.stream(dotted.split("\\.")).mapToLong(Long::parseLong).toArray();
    }

    private static byte[] octets(long[] arcs, int from, int length, String oid) {
        if (from + length > arcs.length) {
            throw new IllegalArgumentException("index of " + oid + " ends inside an octet string");
        }
        byte[] octets = new byte[length];
        for (int i = 0; i < length; i++) {
            octets[i] = (byte) arcs[from + i];
        }
        return octets;
    }
}
