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

    static final int MAX_STICKY_PER_ADDRESS = 2;

    private final int firstOffset;
    private final int length;
    private final TreeMap<Integer, AddressRecord> addresses;
    private final Map<String, StickyAddress> sticky;
    private final Map<String, Integer> away;
    private final PoolExtent extent;
    private long lastStamp;

    /** @param extent the pool definition this segment enforces, or null for a pool no node defined */
    AddressSegment(int firstOffset, int length, PoolExtent extent, SegmentState state) {
        this.firstOffset = firstOffset;
        this.length = length;
        this.extent = extent;
        this.addresses = new TreeMap<>(state.addresses());
        this.sticky = new HashMap<>(state.sticky());
        this.away = new HashMap<>(state.away());
        this.lastStamp = state.lastStamp();
    }

    SegmentState snapshot() {
        return new SegmentState(addresses, sticky, away, lastStamp, extent);
    }

    PoolExtent extent() {
        return extent;
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

    /** Frees {@code offset} if {@code saId} holds it, and returns whether it did. */
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

    /**
     * Counts the leased addresses at {@code offset} and above, which a pool shrunk to
     * {@code offset} addresses would strand.
     */
    int leasedFrom(int offset) {
        int leased = 0;
        for (AddressRecord record : addresses.tailMap(offset).values()) {
            if (!record.free()) {
                leased++;
            }
        }
        return leased;
    }

    OptionalInt stickyOf(String identity) {
        StickyAddress address = sticky.get(identity);
        return address == null ? OptionalInt.empty() : OptionalInt.of(address.offset());
    }

    /**
     * Records {@code offset} as the last address of {@code identity} and forgets it as the last
     * address of any other identity. Because every change writes the whole state, the map keeps at
     * most {@link #MAX_STICKY_PER_ADDRESS} times as many entries as the segment has addresses, and
     * drops the oldest beyond that.
     */
    void recordSticky(String identity, int offset) {
        sticky.values().removeIf(address -> address.offset() == offset);
        lastStamp++;
        sticky.put(identity, new StickyAddress(offset, lastStamp));

        // Entries for this segment's own addresses number at most its length, so only entries for
        // other segments' addresses, which a full home segment causes, can push the map past the bound.
        while (sticky.size() > MAX_STICKY_PER_ADDRESS * length) {
            String oldest = null;
            long oldestSequence = Long.MAX_VALUE;
            for (Map.Entry<String, StickyAddress> entry : sticky.entrySet()) {
                if (entry.getValue().sequence() < oldestSequence) {
                    oldest = entry.getKey();
                    oldestSequence = entry.getValue().sequence();
                }
            }
            sticky.remove(oldest);
        }
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
