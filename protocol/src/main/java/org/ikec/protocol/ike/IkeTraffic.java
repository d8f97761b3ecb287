package org.ikec.protocol.ike;

/**
 * The IKE datagrams and octets one tunnel received and sent. Every message of its IKE_SA_INIT,
 * IKE_AUTH, CREATE_CHILD_SA and INFORMATIONAL exchanges counts, retransmissions included, and so
 * does every datagram that reaches the IKE SA and is dropped there (malformed, failing its
 * integrity check, or outside the window). An octet count is the IKE message length, header
 * included, without the non-ESP marker of port 4500.
 * An IKE SA that replaced another by a rekey starts from its predecessor's totals, because the
 * counts belong to the tunnel and not to one IKE SA.
 */
public record IkeTraffic(long inOctets, long inPackets, long outOctets, long outPackets) {

    public static final IkeTraffic NONE = new IkeTraffic(0, 0, 0, 0);

    /** Returns the sum of both counts, field by field. */
    public IkeTraffic plus(IkeTraffic other) {
        return new IkeTraffic(inOctets + other.inOctets, inPackets + other.inPackets,
                outOctets + other.outOctets, outPackets + other.outPackets);
    }

    /** Returns these counts with one more received datagram of {@code length} octets. */
    IkeTraffic received(int length) {
        return new IkeTraffic(inOctets + length, inPackets + 1, outOctets, outPackets);
    }

    /** Returns these counts with one more sent datagram of {@code length} octets. */
    IkeTraffic sent(int length) {
        return new IkeTraffic(inOctets, inPackets, outOctets + length, outPackets + 1);
    }
}
