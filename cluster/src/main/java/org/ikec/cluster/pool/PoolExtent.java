package org.ikec.cluster.pool;

import org.ikec.cluster.CborSerializable;

/**
 * The part of a pool's definition that its segments enforce: where its numbering starts and how
 * many addresses it leases. Offset {@code n} is the address {@code first + n} on every node that
 * agrees on {@code first}, so a segment rejects leases from a node whose pool starts elsewhere.
 *
 * @param first the pool's address at offset 0, as {@link java.net.InetAddress#getHostAddress} writes it
 * @param size  the number of addresses the pool leases; 0 for a removed pool
 */
record PoolExtent(String first, int size) implements CborSerializable {

    PoolExtent {
        if (size < 0) {
            throw new IllegalArgumentException("a pool size must not be negative, not " + size);
        }
    }

    /** The extent of a pool that was removed from the configuration: it leases nothing. */
    PoolExtent removed() {
        return new PoolExtent(first, 0);
    }
}
