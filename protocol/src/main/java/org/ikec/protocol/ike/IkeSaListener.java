package org.ikec.protocol.ike;

import java.net.InetSocketAddress;

/** Receives what an {@link IkeSa} does to the outside world: datagrams to send and lifecycle events. */
public interface IkeSaListener {

    void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote);

    void established(IkeSa sa);

    void childSaInstalled(IkeSa sa, ChildSa child);

    void childSaRemoved(IkeSa sa, ChildSa child);

    /** The IKE SA was rekeyed; {@code successor} carries on with new SPIs and the CHILD SAs. */
    void rekeyed(IkeSa predecessor, IkeSa successor);

    /** The IKE SA is gone; its CHILD SAs have been reported removed before this call. */
    void closed(IkeSa sa, String reason);

    /** Returns where the IKE SA reports handshakes, latencies and retransmissions; by default nowhere. */
    default IkeEvents events() {
        return IkeEvents.NONE;
    }

    /**
     * Tells whether the IKE SA logs its keys and its CHILD SAs' keys, for decrypting captures.
     * Nothing else logs key material; by default it is off.
     */
    default boolean logKeys() {
        return false;
    }
}
