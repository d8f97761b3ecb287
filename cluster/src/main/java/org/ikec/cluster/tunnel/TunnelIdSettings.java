package org.ikec.cluster.tunnel;

import java.time.Duration;

import com.typesafe.config.Config;

/**
 * The allocator's settings from {@code ikec.tunnel-ids} in the Pekko configuration.
 *
 * @param space             the segments of the index space, one allocator entity each
 * @param writeTimeout      how long a write waits for a majority of replicas before it is reported failed
 * @param readTimeout       how long a starting entity waits for a majority of replicas to send the segment
 * @param readRetryInterval the pause before a starting entity repeats a read that timed out
 * @param stashCapacity     how many commands a starting entity holds until its read completes
 */
record TunnelIdSettings(IndexSpace space, Duration writeTimeout, Duration readTimeout, Duration readRetryInterval,
                        int stashCapacity) {

    static final String PATH = "ikec.tunnel-ids";

    static TunnelIdSettings fromConfig(Config root) {
        Config config = root.getConfig(PATH);
        return new TunnelIdSettings(
                new IndexSpace(config.getInt("segment-bits")),
                config.getDuration("write-timeout"),
                config.getDuration("read-timeout"),
                config.getDuration("read-retry-interval"),
                config.getInt("stash-capacity"));
    }
}
