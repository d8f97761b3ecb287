package org.ikec.node.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ikec.cluster.pool.ClusterAddressPools;
import org.ikec.cluster.pool.PoolUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kamon.Kamon;

/**
 * Reads {@link ClusterAddressPools#usage()} into per-pool Kamon gauges of size, leased and free
 * addresses, and a counter of exhaustions on this node. The usage arrives asynchronously from
 * the pool segments, so the instruments change when it does, on a Pekko thread.
 */
final class PoolSampler {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.node.metrics");

    private final ClusterAddressPools pools;
    private final Map<String, Long> lastExhaustions = new HashMap<>();

    PoolSampler(ClusterAddressPools pools) {
        this.pools = pools;
    }

    /** Asks every pool segment for its usage; a segment that does not reply in time leaves the values unchanged. */
    void sample() {
        pools.usage().whenComplete((usage, failure) -> {
            if (failure != null) {
                LOG.debug("sampling the address pools failed: {}", failure.toString());
                return;
            }
            update(usage);
        });
    }

    private synchronized void update(List<PoolUsage> usage) {
        for (PoolUsage pool : usage) {
            Kamon.gauge(MetricNames.POOL_SIZE, "addresses an address pool leases").withTag("pool", pool.pool())
                    .update(pool.size());
            Kamon.gauge(MetricNames.POOL_LEASED, "addresses of a pool held by IKE SAs, cluster-wide")
                    .withTag("pool", pool.pool()).update(pool.leased());
            Kamon.gauge(MetricNames.POOL_FREE, "addresses of a pool free to lease, cluster-wide")
                    .withTag("pool", pool.pool()).update(pool.free());

            // The counter is created at the first sample, so a scrape lists it at 0 before any exhaustion.
            long last = lastExhaustions.getOrDefault(pool.pool(), 0L);
            var exhaustions = Kamon.counter(MetricNames.POOL_EXHAUSTIONS,
                    "lease requests on this node that found the pool full").withTag("pool", pool.pool());
            if (pool.exhaustions() > last) {
                exhaustions.increment(pool.exhaustions() - last);
            }
            lastExhaustions.put(pool.pool(), pool.exhaustions());
        }
    }
}
