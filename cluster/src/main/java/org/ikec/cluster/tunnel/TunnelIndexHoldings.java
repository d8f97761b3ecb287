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
    private final Map<Integer, Map<Integer, String>> ownerByIndexBySegment = new ConcurrentHashMap<>();

    TunnelIndexHoldings(IndexSpace space) {
        this.space = space;
    }

    /** Records that {@code owner}, an IKE SA on this node, holds {@code index}. */
    void hold(int index, String owner) {
        ownerByIndexBySegment.computeIfAbsent(space.segmentOf(index), segment -> new ConcurrentHashMap<>())
                .put(index, owner);
    }

    /** Forgets {@code index} if {@code owner} holds it here. */
    void drop(int index, String owner) {
        Map<Integer, String> segment = ownerByIndexBySegment.get(space.segmentOf(index));
        if (segment != null) {
            segment.remove(index, owner);
        }
    }

    /** Moves {@code index} from {@code from} to {@code to} if {@code from} holds it here. */
    void transfer(int index, String from, String to) {
        Map<Integer, String> segment = ownerByIndexBySegment.get(space.segmentOf(index));
        if (segment != null) {
            segment.replace(index, from, to);
        }
    }

    /** A copy of the indexes held here in {@code segment}, with their owners. */
    Map<Integer, String> inSegment(int segment) {
        Map<Integer, String> held = ownerByIndexBySegment.get(segment);
        return held == null ? Map.of() : Map.copyOf(held);
    }

    int size() {
        return ownerByIndexBySegment.values().stream().mapToInt(Map::size).sum();
    }
}
