package org.ikec.cluster;

import java.net.InetSocketAddress;

/**
 * An IKE message to send from {@code local} to {@code remote}. The UDP layer adds the non-ESP
 * marker when {@code local} is a NAT-T port (RFC 3948 §2.2); {@code datagram} never carries it.
 */
public record OutboundDatagram(byte[] datagram, InetSocketAddress remote, InetSocketAddress local)
        implements CborSerializable {
}
