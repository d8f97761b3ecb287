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
 * @param requestTimeout how long an IKE SA waits for the allocator's reply before it sends the request again
 * @param retryBackoff the wait before an IKE SA's first new request, doubled for each further one
 * @param maxRetryBackoff the longest wait between two requests of one IKE SA
 */
record TunnelIdSettings(IndexSpace space, Duration censusTimeout, int stashCapacity, Duration requestTimeout,
                        Duration retryBackoff, Duration maxRetryBackoff) {

    static final String PATH = "ikec.tunnel-ids";

    static TunnelIdSettings fromConfig(Config root) {
        Config config = root.getConfig(PATH);
        return new TunnelIdSettings(
                new IndexSpace(config.getInt("segment-bits")),
                config.getDuration("census-timeout"),
                config.getInt("stash-capacity"),
                positive(config, "request-timeout"),
                positive(config, "retry-backoff"),
                positive(config, "max-retry-backoff"));
    }

    /**
     * Returns the wait after {@code attempt} requests without reply: {@code retryBackoff} doubled for each
     * request after the first, at most {@code maxRetryBackoff}, and scaled by 0.8 to 1.2 as
     * {@code random} goes from 0 to 1, so that IKE SAs whose requests failed together do not ask
     * again together.
     */
    Duration retryDelay(int attempt, double random) {
        long max = maxRetryBackoff.toMillis();
        long delay = retryBackoff.toMillis();
        for (int i = 1; i < attempt && delay < max; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, max);
        return Duration.ofMillis(Math.max(1, Math.round(delay * (0.8 + 0.4 * random))));
    }

    private static Duration positive(Config config, String key) {
        Duration value = config.getDuration(key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PATH + "." + key + " is invalid: " + value
                    + "; set a duration longer than 0");
        }
        return value;
    }
}
