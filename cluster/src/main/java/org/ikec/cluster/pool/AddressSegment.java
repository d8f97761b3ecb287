package org.ikec.cluster.pool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The working copy of one segment's {@link SegmentState}, which its entity changes one command at
 * a time and writes back whole. Free addresses are leased in increasing order of release stamp and
 * then of offset, so an address never leased comes first and the last released comes last.
 */
final class AddressSegment {

    private final int firstOffset;
    private final int length;
    private final TreeMap<Integer, AddressRecord> addresses;
    private final Map<String, Integer> sticky;
    private final Map<String, Integer> away;
    private long lastStamp;

    AddressSegment(int firstOffset, int length, SegmentState state) {
        this.firstOffset = firstOffset;
        this.length = length;
        this.addresses = new TreeMap<>(state.addresses());
        this.sticky = new HashMap<>(state.sticky());
        this.away = new HashMap<>(state.away());
        this.lastStamp = state.lastStamp();
    }

    SegmentState snapshot() {
        return new SegmentState(addresses, sticky, away, lastStamp);
    }

    boolean contains(int offset) {
        return offset >= firstOffset && offset < firstOffset + length;
    }

    boolean isFree(int offset) {
        AddressRecord record = addresses.get(offset);
        return record == null || record.free();
    }

    /** Returns the offset in this segment that {@code saId} holds, if any. */
    OptionalInt heldBy(String saId) {
        for (Map.Entry<Integer, AddressRecord> entry : addresses.entrySet()) {
            if (saId.equals(entry.getValue().saId())) {
                return OptionalInt.of(entry.getKey());
            }
        }
        return OptionalInt.empty();
    }

    AddressRecord recordAt(int offset) {
        return addresses.get(offset);
    }

    /** Returns the free address to lease next: the lowest release stamp, then the lowest offset. */
    OptionalInt nextFree() {
        int best = -1;
        long bestStamp = Long.MAX_VALUE;
        for (int offset = firstOffset; offset < firstOffset + length; offset++) {
            AddressRecord record = addresses.get(offset);
            long stamp = record == null ? 0 : record.releaseStamp();
            if ((record == null || record.free()) && stamp < bestStamp) {
                best = offset;
                bestStamp = stamp;
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    void lease(int offset, String saId, String identity, String node) {
        AddressRecord previous = addresses.get(offset);
        long stamp = previous == null ? 0 : previous.releaseStamp();
        addresses.put(offset, new AddressRecord(saId, identity, node, stamp));
    }

    /** Frees {@code offset} if {@code saId} holds it and tells whether it did. */
    boolean release(int offset, String saId) {
        AddressRecord record = addresses.get(offset);
        if (record == null || !saId.equals(record.saId())) {
            return false;
        }

        lastStamp++;
        addresses.put(offset, new AddressRecord(null, record.identity(), null, lastStamp));
        return true;
    }

    /**
     * Moves {@code offset} from {@code fromSaId} to {@code toSaId} and returns true, or returns
     * false without a change when {@code fromSaId} does not hold the address.
     */
    boolean transfer(int offset, String fromSaId, String toSaId) {
        AddressRecord record = addresses.get(offset);
        if (record == null || !fromSaId.equals(record.saId())) {
            return false;
        }

        addresses.put(offset, new AddressRecord(toSaId, record.identity(), record.node(), record.releaseStamp()));
        return true;
    }

    /** Returns the offsets held by IKE SAs of nodes outside {@code members}, by node. */
    Map<String, List<Integer>> heldByNodesOutside(Set<String> members) {
        Map<String, List<Integer>> orphans = new TreeMap<>();
        for (Map.Entry<Integer, AddressRecord> entry : addresses.entrySet()) {
            String node = entry.getValue().node();
            if (node != null && !members.contains(node)) {
                orphans.computeIfAbsent(node, n -> new ArrayList<>()).add(entry.getKey());
            }
        }
        return orphans;
    }

    int leasedCount() {
        int leased = 0;
        for (AddressRecord record : addresses.values()) {
            if (!record.free()) {
                leased++;
            }
        }
        return leased;
    }

    int length() {
        return length;
    }

    OptionalInt stickyOf(String identity) {
        Integer offset = sticky.get(identity);
        return offset == null ? OptionalInt.empty() : OptionalInt.of(offset);
    }

    // TODO(pool-sticky-prune): an identity's entry stays after its address went to another identity,
    // so the map grows by one entry per identity that ever leased. Dropping entries whose address is
    // leased to someone else would bound it by the pool size.
    void recordSticky(String identity, int offset) {
        sticky.put(identity, offset);
    }

    OptionalInt awayOf(String saId) {
        Integer offset = away.get(saId);
        return offset == null ? OptionalInt.empty() : OptionalInt.of(offset);
    }

    void recordAway(String saId, int offset) {
        away.put(saId, offset);
    }

    boolean dropAway(String saId) {
        return away.remove(saId) != null;
    }
}
