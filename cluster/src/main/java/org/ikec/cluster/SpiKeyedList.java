package org.ikec.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * The IKE SAs of one entity, found by our SPI with a linear search. An entity contains a few IKE
 * SAs (about 6 at 100,000 SAs a node, 61 at a million), and a list of them costs about 60 bytes
 * less per SA than a HashMap with boxed SPIs as keys. Not thread-safe.
 *
 * @param <E> the entry kept per IKE SA, whose SPI {@code spiOf} returns
 */
final class SpiKeyedList<E> {

    private final ToLongFunction<E> spiOf;
    private final ArrayList<E> entries = new ArrayList<>(2);

    SpiKeyedList(ToLongFunction<E> spiOf) {
        this.spiOf = spiOf;
    }

    /** Returns the entry whose SPI is {@code spi}, or null. */
    E get(long spi) {
        for (E entry : entries) {
            if (spiOf.applyAsLong(entry) == spi) {
                return entry;
            }
        }
        return null;
    }

    boolean containsKey(long spi) {
        return get(spi) != null;
    }

    /** Adds {@code entry}, replacing an entry with the same SPI. */
    void put(E entry) {
        long spi = spiOf.applyAsLong(entry);
        for (int position = 0; position < entries.size(); position++) {
            if (spiOf.applyAsLong(entries.get(position)) == spi) {
                entries.set(position, entry);
                return;
            }
        }
        entries.add(entry);
    }

    /** Returns the entry whose SPI is {@code spi}, after adding the one {@code create} makes if there was none. */
    E computeIfAbsent(long spi, LongFunction<E> create) {
        E entry = get(spi);
        if (entry == null) {
            entry = create.apply(spi);
            entries.add(entry);
        }
        return entry;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Returns the entries themselves: removing from the list removes the IKE SAs. */
    List<E> values() {
        return entries;
    }
}
