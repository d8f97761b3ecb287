package org.ikec.protocol.ike;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The rekey bookkeeping of one IKE SA (RFC 7296 §2.8), which an IKE SA creates on its first rekey
 * or delete of a CHILD SA or its own replacement. Most IKE SAs never need it, so keeping these
 * fields here saves each of them about 24 bytes. Driven by the IKE SA's thread, like the IKE SA.
 */
final class RekeyState {

    /** CHILD SAs (by inbound SPI) with a rekey or delete of ours queued or outstanding, or null for none. */
    Set<Integer> busyChildren;
    /** When a failed CHILD SA rekey is tried again, by inbound SPI, or null for none. */
    Map<Integer, Long> childRekeyRetryAt;
    /** CHILD SA rekeys the peer started, by inbound SPI of the old CHILD SA, or null for none. */
    Map<Integer, IkeSa.PeerRekey> peerRekeys;
    /** An IKE SA rekey the peer started while ours was outstanding, or null. */
    IkeSa.PeerIkeRekey peerIkeRekey;
    /** The successor of a rekey, which also counts what this IKE SA still sends and receives, or null. */
    IkeSa trafficHeir;
    /** When a rekey replaced the IKE SA, 0 unless its state is REKEYED. */
    long rekeyedAtMillis;

    Set<Integer> busyChildren() {
        if (busyChildren == null) {
            busyChildren = new HashSet<>(2);
        }
        return busyChildren;
    }

    Map<Integer, Long> childRekeyRetryAt() {
        if (childRekeyRetryAt == null) {
            childRekeyRetryAt = new HashMap<>(2);
        }
        return childRekeyRetryAt;
    }

    Map<Integer, IkeSa.PeerRekey> peerRekeys() {
        if (peerRekeys == null) {
            peerRekeys = new HashMap<>(2);
        }
        return peerRekeys;
    }
}
