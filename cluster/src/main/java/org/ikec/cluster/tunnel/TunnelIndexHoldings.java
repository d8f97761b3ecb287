package org.ikec.cluster.tunnel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tunnel indexes that IKE SAs on this node hold, grouped by segment. These are the
 * allocator's replicas: an allocator entity that starts, on any node, asks every node for the
 * holdings of its segment ({@link TunnelIndexCensus}) instead of reading a replicated copy, so
 * a new tunnel costs no write to other nodes. Thread-safe: entities and ask callbacks update it
 * from any dispatcher thread.
 */
final class TunnelIndexHoldings {

    private final IndexSpace space;
    /** The owners by index of each segment; each one's monitor guards it. */
    private final Map<Integer, IndexOwners> ownersBySegment = new ConcurrentHashMap<>();

    TunnelIndexHoldings(IndexSpace space) {
        this.space = space;
    }

    /** Records that {@code owner}, an IKE SA on this node, holds {@code index}. */
    void hold(int index, String owner) {
        IndexOwners owners = ownersBySegment.computeIfAbsent(space.segmentOf(index), segment -> new IndexOwners(false));
        synchronized (owners) {
            owners.put(index, owner);
        }
    }

    /** Forgets {@code index} if {@code owner} holds it here. */
    void drop(int index, String owner) {
        IndexOwners owners = ownersBySegment.get(space.segmentOf(index));
        if (owners == null) {
            return;
        }
        synchronized (owners) {
            if (owner.equals(owners.ownerOf(index))) {
                owners.remove(index);
            }
        }
    }

    /** Moves {@code index} from {@code from} to {@code to} if {@code from} holds it here. */
    void transfer(int index, String from, String to) {
        IndexOwners owners = ownersBySegment.get(space.segmentOf(index));
        if (owners == null) {
            return;
        }
        synchronized (owners) {
            if (from.equals(owners.ownerOf(index))) {
                owners.put(index, to);
            }
        }
    }

    /** Returns a copy of the indexes held here in {@code segment}, with their owners. */
    Map<Integer, String> inSegment(int segment) {
        IndexOwners owners = ownersBySegment.get(segment);
        if (owners == null) {
            return Map.of();
        }
        synchronized (owners) {
            return owners.toMap();
        }
    }
}
