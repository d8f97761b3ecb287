package org.ikec.cluster;

import java.util.function.IntFunction;

/**
 * A map from int keys other than 0 to values, kept in an int array and a value array with
 * linear probing instead of boxed hash map entries. An entry costs two array slots, 11 to 21
 * bytes at the load factors it keeps, against about 50 for a HashMap entry with its boxed key. A
 * removal shifts the entries after it back, so no tombstones remain. Key 0 marks a free slot.
 * Not thread-safe.
 *
 * @param <V> the values
 */
public final class IntKeyedMap<V> {

    private static final int MIN_CAPACITY = 4;

    private final IntFunction<V[]> newValues;
    private int size;
    private int[] keys = new int[MIN_CAPACITY];
    private V[] values;

    /** Creates an empty map; {@code newValues} creates the value array, for example {@code String[]::new}. */
    public IntKeyedMap(IntFunction<V[]> newValues) {
        this.newValues = newValues;
        this.values = newValues.apply(MIN_CAPACITY);
    }

    public int size() {
        return size;
    }

    /** Returns the value of {@code key}, or null. */
    public V get(int key) {
        int slot = find(key);
        return slot < 0 ? null : values[slot];
    }

    /** Sets the value of {@code key} and returns its previous value, or null. */
    public V put(int key, V value) {
        requireKey(key);
        int slot = find(key);
        if (slot >= 0) {
            V previous = values[slot];
            values[slot] = value;
            return previous;
        }

        if ((size + 1) * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
        insert(key, value);
        size++;
        return null;
    }

    /** Removes {@code key} and returns its value, or null. */
    public V remove(int key) {
        int slot = find(key);
        if (slot < 0) {
            return null;
        }

        V value = values[slot];
        deleteSlot(slot);
        size--;
        return value;
    }

    /** Calls {@code action} with each key and value, in no particular order. */
    public void forEach(Entry<V> action) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != 0) {
                action.accept(keys[slot], values[slot]);
            }
        }
    }

    /** Receives one key and its value. */
    @FunctionalInterface
    public interface Entry<V> {
        void accept(int key, V value);
    }

    private static void requireKey(int key) {
        if (key == 0) {
            throw new IllegalArgumentException("key 0 marks a free slot and cannot be stored");
        }
    }

    private static int home(int key, int capacity) {
        int spread = key * 0x9E3779B9;
        return (spread ^ (spread >>> 16)) & (capacity - 1);
    }

    private int find(int key) {
        if (key == 0) {
            return -1;
        }
        int mask = keys.length - 1;
        for (int slot = home(key, keys.length); keys[slot] != 0; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return slot;
            }
        }
        return -1;
    }

    private void insert(int key, V value) {
        int mask = keys.length - 1;
        int slot = home(key, keys.length);
        while (keys[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    /** Frees {@code slot} and moves back each later entry of the run whose home lies at or before it. */
    private void deleteSlot(int slot) {
        int mask = keys.length - 1;
        int free = slot;
        for (int next = (free + 1) & mask; keys[next] != 0; next = (next + 1) & mask) {
            int home = home(keys[next], keys.length);
            if (((next - home) & mask) >= ((next - free) & mask)) {
                keys[free] = keys[next];
                values[free] = values[next];
                free = next;
            }
        }
        keys[free] = 0;
        values[free] = null;
    }

    private void resize(int capacity) {
        int[] oldKeys = keys;
        V[] oldValues = values;
        keys = new int[capacity];
        values = newValues.apply(capacity);
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != 0) {
                insert(oldKeys[slot], oldValues[slot]);
            }
        }
    }
}
