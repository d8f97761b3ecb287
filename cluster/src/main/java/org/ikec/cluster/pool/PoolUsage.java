package org.ikec.cluster.pool;

/**
 * The address counts of one pool for metrics and the management interface.
 *
 * @param size        the addresses the pool leases
 * @param leased      addresses held by IKE SAs, summed over the segments as each reported it
 * @param free        {@code size - leased}
 * @param exhaustions lease requests on this node that found no free address in the pool since the
 *                    node started
 */
public record PoolUsage(String pool, int size, int leased, int free, long exhaustions) {
}
