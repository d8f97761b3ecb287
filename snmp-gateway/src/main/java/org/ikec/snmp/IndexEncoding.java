package org.ikec.snmp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.snmp4j.smi.OID;

/**
 * Encodes index values into OID sub-identifiers as SMIv2 requires (RFC 2578 §7.7): a
 * variable-length OCTET STRING that is not IMPLIED becomes its length followed by one
 * sub-identifier per octet, an integer becomes itself. InetAddressType and InetAddress follow
 * RFC 4001 §3: ipv4(1) with 4 octets, ipv6(2) with 16.
 */
final class IndexEncoding {

    static final int INET_ADDRESS_TYPE_IPV4 = 1;
    static final int INET_ADDRESS_TYPE_IPV6 = 2;

    private IndexEncoding() {
    }

    /** Returns the index of a tunnel row: jnxSpSvcSetName, address type, address, tunnel index. */
    static OID tunnel(String serviceSet, InetAddress remote, int tunnelIndex) {
        OID index = new OID();
        appendOctetString(index, serviceSet.getBytes(StandardCharsets.UTF_8));
        index.append(addressType(remote));
        appendOctetString(index, remote.getAddress());
        index.append(tunnelIndex);
        return index;
    }

    static int addressType(InetAddress address) {
        return address instanceof Inet4Address ? INET_ADDRESS_TYPE_IPV4 : INET_ADDRESS_TYPE_IPV6;
    }

    private static void appendOctetString(OID index, byte[] octets) {
        index.append(octets.length);
        for (byte octet : octets) {
            index.append(octet & 0xff);
        }
    }
}
