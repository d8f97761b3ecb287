package org.ikec.cluster.tunnel;

import java.util.HashMap;
import java.util.Map;

import org.ikec.cluster.IntKeyedMap;

/**
 * Tunnel indexes and the IKE SA that owns each, in open-addressing arrays instead of boxed hash
 * map entries ({@link IntKeyedMap} from index to owner, and the same layout from owner to index).
 * Index 0 is not a valid index. Not thread-safe.
 */
final class IndexOwners {

    private static final int MIN_CAPACITY = 4;

    private final IntKeyedMap<String> ownerByIndex = new IntKeyedMap<>(String[]::new);
    private final boolean lookupByOwner;
    /** Slots by owner hash, only with {@code lookupByOwner}: the owner, or null when free, and its index. */
    private String[] owners;
    private int[] indexesOfOwners;
    private int ownerCount;

    /** Creates an empty map; {@code lookupByOwner} keeps the second table that {@link #indexOf} needs. */
    IndexOwners(boolean lookupByOwner) {
        this.lookupByOwner = lookupByOwner;
        if (lookupByOwner) {
            owners = new String[MIN_CAPACITY];
            indexesOfOwners = new int[MIN_CAPACITY];
        }
    }

    int size() {
        return ownerByIndex.size();
    }

    /** Returns the owner of {@code index}, or null. */
    String ownerOf(int index) {
        return ownerByIndex.get(index);
    }

    /** Returns the index that {@code owner} holds, or 0. Needs {@code lookupByOwner}. */
    int indexOf(String owner) {
        if (!lookupByOwner) {
            throw new IllegalStateException("this map keeps no lookup by owner");
        }
        int slot = findOwner(owner);
        return slot < 0 ? 0 : indexesOfOwners[slot];
    }

    /**
     * Records {@code owner} at {@code index} and returns the index's previous owner, or null. The
     * previous owner no longer holds the index, and {@link #indexOf} now returns {@code index} for
     * {@code owner}.
     */
    String put(int index, String owner) {
        IndexSpace.requireValid(index);
        String previous = remove(index);
        ownerByIndex.put(index, owner);

        if (lookupByOwner) {
            if ((ownerCount + 1) * 4 > owners.length * 3) {
                resizeOwners(owners.length * 2);
            }
            insertOwner(owner, index);
        }
        return previous;
    }

    /** Returns the owner that held {@code index}, or null, and frees the index. */
    String remove(int index) {
        String owner = ownerByIndex.remove(index);
        if (owner != null && lookupByOwner) {
            int ownerSlot = findOwner(owner);
            if (ownerSlot >= 0 && indexesOfOwners[ownerSlot] == index) {
                deleteOwnerSlot(ownerSlot);
            }
        }
        return owner;
    }

    /** Returns a copy as a map from index to owner. */
    Map<Integer, String> toMap() {
        Map<Integer, String> copy = new HashMap<>(ownerByIndex.size() * 2);
        ownerByIndex.forEach(copy::put);
        return copy;
    }

    private static int home(String owner, int capacity) {
        int spread = owner.hashCode() * 0x9E3779B9;
        return (spread ^ (spread >>> 16)) & (capacity - 1);
    }

    private int findOwner(String owner) {
        int mask = owners.length - 1;
        for (int slot = home(owner, owners.length); owners[slot] != null; slot = (slot + 1) & mask) {
            if (owners[slot].equals(owner)) {
                return slot;
            }
        }
        return -1;
    }

    /** Points {@code owner} at {@code index}, replacing an index it held before in this table. */
    private void insertOwner(String owner, int index) {
        int mask = owners.length - 1;
        int slot = home(owner, owners.length);
        while (owners[slot] != null && !owners[slot].equals(owner)) {
            slot = (slot + 1) & mask;
        }
        if (owners[slot] == null) {
            ownerCount++;
        }
        owners[slot] = owner;
        indexesOfOwners[slot] = index;
    }

    /** Frees {@code slot} and moves back each later entry of the run whose home lies at or before it. */
    private void deleteOwnerSlot(int slot) {
        int mask = owners.length - 1;
        int free = slot;
        for (int next = (free + 1) & mask; owners[next] != null; next = (next + 1) & mask) {
            int home = home(owners[next], owners.length);
            if (((next - home) & mask) >= ((next - free) & mask)) {
                owners[free] = owners[next];
                indexesOfOwners[free] = indexesOfOwners[next];
                free = next;
            }
        }
        owners[free] = null;
        indexesOfOwners[free] = 0;
        ownerCount--;
    }

    private void resizeOwners(int capacity) {
        String[] oldOwners = owners;
        int[] oldIndexes = indexesOfOwners;
        owners = new String[capacity];
        indexesOfOwners = new int[capacity];
        ownerCount = 0;
        for (int slot = 0; slot < oldOwners.length; slot++) {
            if (oldOwners[slot] != null) {
                insertOwner(oldOwners[slot], oldIndexes[slot]);
            }
        }
    }
}
