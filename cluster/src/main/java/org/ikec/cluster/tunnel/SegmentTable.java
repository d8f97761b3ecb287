package org.ikec.cluster.tunnel;

import java.util.OptionalInt;

/**
 * The live tunnel indexes of one segment and the IKE SA that owns each, with the linear probe
 * that settles collisions. Not thread-safe: one allocator entity owns it.
 */
final class SegmentTable {

    private final int first;
    private final int last;
    private final IndexOwners owners = new IndexOwners(true);

    SegmentTable(IndexSpace space, int segment) {
        this.first = space.firstIndex(segment);
        this.last = space.lastIndex(segment);
    }

    boolean contains(int index) {
        return index >= first && index <= last;
    }

    int first() {
        return first;
    }

    boolean isFull() {
        return owners.size() == last - first + 1;
    }

    int size() {
        return owners.size();
    }

    String ownerOf(int index) {
        return owners.ownerOf(index);
    }

    OptionalInt indexOf(String owner) {
        int index = owners.indexOf(owner);
        return index == 0 ? OptionalInt.empty() : OptionalInt.of(index);
    }

    /**
     * Returns {@code start} if it is free, else the next free index after it, wrapping from the
     * segment's last index to its first. Empty when the segment is full.
     */
    OptionalInt firstFreeFrom(int start) {
        if (!contains(start)) {
            throw new IllegalArgumentException("index " + start + " is outside segment " + first + ".." + last);
        }
        if (isFull()) {
            return OptionalInt.empty();
        }

        int index = start;
        while (owners.ownerOf(index) != null) {
            index = index == last ? first : index + 1;
        }
        return OptionalInt.of(index);
    }

    /** Records {@code owner} at {@code index}, replacing the index's previous owner if any. */
    void put(int index, String owner) {
        owners.put(index, owner);
    }

    void remove(int index) {
        owners.remove(index);
    }
}
