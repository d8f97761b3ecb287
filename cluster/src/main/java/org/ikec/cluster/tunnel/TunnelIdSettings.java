package org.ikec.cluster.tunnel;

import java.time.Duration;

import com.typesafe.config.Config;

/**
 * The allocator's settings from {@code ikec.tunnel-ids} in the Pekko configuration.
 *
 * @param space             the segments of the index space, one allocator entity each
 * @param censusTimeout how long a starting entity waits for every node to report the indexes its
 *                      IKE SAs hold in the segment
 * @param stashCapacity how many commands a starting entity holds until its census completes
 */
record TunnelIdSettings(IndexSpace space, Duration censusTimeout, int stashCapacity) {

    static final String PATH = "ikec.tunnel-ids";

    static TunnelIdSettings fromConfig(Config root) {
        Config config = root.getConfig(PATH);
        return new TunnelIdSettings(
                new IndexSpace(config.getInt("segment-bits")),
                config.getDuration("census-timeout"),
                config.getInt("stash-capacity"));
    }
}
