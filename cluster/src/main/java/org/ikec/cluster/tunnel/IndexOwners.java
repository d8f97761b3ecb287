package org.ikec.cluster.tunnel;

import java.util.HashMap;
import java.util.Map;

/**
 * Tunnel indexes and the IKE SA that owns each, kept in open-addressing arrays instead of boxed
 * hash map entries: two array slots per index in each direction, 11 to 21 bytes at the load
 * factors it keeps, against about 50 for a HashMap entry with its boxed key. Linear probing, and
 * a removal shifts the entries after it back, so no tombstones remain. Index 0 marks a free
 * slot, which is why it is not a valid index. Not thread-safe.
 */
final class IndexOwners {

    private static final int MIN_CAPACITY = 4;

    private final boolean lookupByOwner;
    private int size;
    /** Slots by index hash: the index, or 0 when free, and its owner. */
    private int[] indexes = new int[MIN_CAPACITY];
    private String[] ownersOfIndexes = new String[MIN_CAPACITY];
    /** Slots by owner hash, only with {@code lookupByOwner}: the owner, or null when free, and its index. */
    private String[] owners;
    private int[] indexesOfOwners;

    /** Creates an empty map; {@code lookupByOwner} keeps the second table that {@link #indexOf} needs. */
    IndexOwners(boolean lookupByOwner) {
        this.lookupByOwner = lookupByOwner;
        if (lookupByOwner) {
            owners = new String[MIN_CAPACITY];
            indexesOfOwners = new int[MIN_CAPACITY];
        }
    }

    int size() {
        return size;
    }

    /** Returns the owner of {@code index}, or null. */
    String ownerOf(int index) {
        int slot = findIndex(index);
        return slot < 0 ? null : ownersOfIndexes[slot];
    }

    /** Returns the index that {@code owner} holds, or 0. Needs {@code lookupByOwner}. */
    int indexOf(String owner) {
        requireLookupByOwner();
        int slot = findOwner(owner);
        return slot < 0 ? 0 : indexesOfOwners[slot];
    }

    /**
     * Records {@code owner} at {@code index} and returns the index's previous owner, or null. The
     * previous owner no longer holds the index.
     */
    String put(int index, String owner) {
        IndexSpace.requireValid(index);
        String previous = remove(index);
        if ((size + 1) * 4 > indexes.length * 3) {
            resize(indexes.length * 2);
        }

        insertIndex(index, owner);
        if (lookupByOwner) {
            insertOwner(owner, index);
        }
        size++;
        return previous;
    }

    /** Returns the owner that held {@code index}, or null, and frees the index. */
    String remove(int index) {
        int slot = findIndex(index);
        if (slot < 0) {
            return null;
        }

        String owner = ownersOfIndexes[slot];
        deleteIndexSlot(slot);
        if (lookupByOwner) {
            int ownerSlot = findOwner(owner);
            if (ownerSlot >= 0 && indexesOfOwners[ownerSlot] == index) {
                deleteOwnerSlot(ownerSlot);
            }
        }
        size--;
        return owner;
    }

    /** Returns a copy as a map from index to owner. */
    Map<Integer, String> toMap() {
        Map<Integer, String> copy = new HashMap<>(size * 2);
        for (int slot = 0; slot < indexes.length; slot++) {
            if (indexes[slot] != 0) {
                copy.put(indexes[slot], ownersOfIndexes[slot]);
            }
        }
        return copy;
    }

    private void requireLookupByOwner() {
        if (!lookupByOwner) {
            throw new IllegalStateException("this map keeps no lookup by owner");
        }
    }

    private static int home(int hash, int capacity) {
        int spread = hash * 0x9E3779B9;
        return (spread ^ (spread >>> 16)) & (capacity - 1);
    }

    private int findIndex(int index) {
        int mask = indexes.length - 1;
        for (int slot = home(index, indexes.length); indexes[slot] != 0; slot = (slot + 1) & mask) {
            if (indexes[slot] == index) {
                return slot;
            }
        }
        return -1;
    }

    private int findOwner(String owner) {
        int mask = owners.length - 1;
        for (int slot = home(owner.hashCode(), owners.length); owners[slot] != null; slot = (slot + 1) & mask) {
            if (owners[slot].equals(owner)) {
                return slot;
            }
        }
        return -1;
    }

    private void insertIndex(int index, String owner) {
        int mask = indexes.length - 1;
        int slot = home(index, indexes.length);
        while (indexes[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        indexes[slot] = index;
        ownersOfIndexes[slot] = owner;
    }

    /** Points {@code owner} at {@code index}, replacing an index it held before in this table. */
    private void insertOwner(String owner, int index) {
        int mask = owners.length - 1;
        int slot = home(owner.hashCode(), owners.length);
        while (owners[slot] != null && !owners[slot].equals(owner)) {
            slot = (slot + 1) & mask;
        }
        owners[slot] = owner;
        indexesOfOwners[slot] = index;
    }

    /** Frees {@code slot} and moves back each later entry of the run whose home lies at or before it. */
    private void deleteIndexSlot(int slot) {
        int mask = indexes.length - 1;
        int free = slot;
        for (int next = (free + 1) & mask; indexes[next] != 0; next = (next + 1) & mask) {
            int home = home(indexes[next], indexes.length);
            if (((next - home) & mask) >= ((next - free) & mask)) {
                indexes[free] = indexes[next];
                ownersOfIndexes[free] = ownersOfIndexes[next];
                free = next;
            }
        }
        indexes[free] = 0;
        ownersOfIndexes[free] = null;
    }

    private void deleteOwnerSlot(int slot) {
        int mask = owners.length - 1;
        int free = slot;
        for (int next = (free + 1) & mask; owners[next] != null; next = (next + 1) & mask) {
            int home = home(owners[next].hashCode(), owners.length);
            if (((next - home) & mask) >= ((next - free) & mask)) {
                owners[free] = owners[next];
                indexesOfOwners[free] = indexesOfOwners[next];
                free = next;
            }
        }
        owners[free] = null;
        indexesOfOwners[free] = 0;
    }

    private void resize(int capacity) {
        int[] oldIndexes = indexes;
        String[] oldOwnersOfIndexes = ownersOfIndexes;
        indexes = new int[capacity];
        ownersOfIndexes = new String[capacity];
        for (int slot = 0; slot < oldIndexes.length; slot++) {
            if (oldIndexes[slot] != 0) {
                insertIndex(oldIndexes[slot], oldOwnersOfIndexes[slot]);
            }
        }

        // Rebuilt from its own entries: an owner that held several indexes points at its latest.
        if (lookupByOwner) {
            String[] oldOwners = owners;
            int[] oldIndexesOfOwners = indexesOfOwners;
            owners = new String[capacity];
            indexesOfOwners = new int[capacity];
            for (int slot = 0; slot < oldOwners.length; slot++) {
                if (oldOwners[slot] != null) {
                    insertOwner(oldOwners[slot], oldIndexesOfOwners[slot]);
                }
            }
        }
    }
}
