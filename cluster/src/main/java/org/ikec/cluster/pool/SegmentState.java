package org.ikec.cluster.pool;

import java.util.Map;

import org.ikec.cluster.CborSerializable;

/**
 * The replicated state of one pool segment, written whole as the value of one Distributed Data
 * register.
 *
 * @param addresses   the segment's addresses that were leased at least once, by pool offset
 * @param sticky      for each identity whose home is this segment, the address it last leased while
 *                    no other identity leased that address since
 * @param away        for each IKE SA of an identity whose home is this segment, the pool offset it
 *                    holds in another segment
 * @param lastStamp   the highest stamp handed out to a release or a sticky address
 * @param extent      the pool definition the segment enforces, or null before the segment first
 *                    wrote its state, when the node that runs it supplies one from its configuration
 */
record SegmentState(Map<Integer, AddressRecord> addresses, Map<String, StickyAddress> sticky,
                    Map<String, Integer> away,
                    long lastStamp, PoolExtent extent) implements CborSerializable {

    static final SegmentState EMPTY = new SegmentState(Map.of(), Map.of(), Map.of(), 0, null);

    SegmentState {
        addresses = Map.copyOf(addresses);
        sticky = Map.copyOf(sticky);
        away = Map.copyOf(away);
    }
}
