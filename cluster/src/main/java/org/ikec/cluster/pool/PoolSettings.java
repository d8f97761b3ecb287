package org.ikec.cluster.pool;

import java.time.Duration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The address pools' settings from {@code ikec.address-pools} in the Pekko configuration; a
 * setting that is absent there takes the default shown in {@link #DEFAULTS}.
 *
 * @param segmentSize       addresses per segment entity; every node of a cluster must use the same value
 * @param maxPoolSize       addresses used from the start of a larger prefix
 * @param writeTimeout      how long a write waits for a majority of replicas before it is reported failed
 * @param readTimeout       how long a starting segment waits for a majority of replicas to send its state
 * @param readRetryInterval the pause before a starting segment repeats a read that failed
 * @param orphanGrace       how long the leases of a node removed from the cluster stay held so that the
 *                          IKE SAs handed off to other nodes can claim them again
 * @param stashCapacity     how many commands a starting segment holds until its read completes
 * @param leaseTimeout      how long {@code lease} waits for the segments before its stage fails
 */
record PoolSettings(int segmentSize, int maxPoolSize, Duration writeTimeout, Duration readTimeout,
                    Duration readRetryInterval, Duration orphanGrace, int stashCapacity,
                    Duration leaseTimeout) {

    static final String PATH = "ikec.address-pools";

    private static final Config DEFAULTS = ConfigFactory.parseString("""
            segment-size = 256
            max-pool-size = 1048576
            write-timeout = 3 seconds
            read-timeout = 3 seconds
            read-retry-interval = 1 second
            orphan-grace = 2 minutes
            stash-capacity = 10000
            lease-timeout = 5 seconds
            """);

    PoolSettings {
        if (segmentSize < 1) {
            throw new IllegalArgumentException("segment-size must be at least 1, not " + segmentSize);
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("max-pool-size must be at least 1, not " + maxPoolSize);
        }
    }

    static PoolSettings fromConfig(Config root) {
        Config config = root.hasPath(PATH) ? root.getConfig(PATH).withFallback(DEFAULTS) : DEFAULTS;
        return new PoolSettings(
                config.getInt("segment-size"),
                config.getInt("max-pool-size"),
                config.getDuration("write-timeout"),
                config.getDuration("read-timeout"),
                config.getDuration("read-retry-interval"),
                config.getDuration("orphan-grace"),
                config.getInt("stash-capacity"),
                config.getDuration("lease-timeout"));
    }
}
