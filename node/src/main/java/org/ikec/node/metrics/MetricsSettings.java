package org.ikec.node.metrics;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The {@code ikec.metrics} section: whether the node serves Prometheus metrics, and where.
 *
 * @param address where the {@code /metrics} endpoint listens, loopback by default
 * @param tickInterval how often Kamon closes a period, so how stale a scrape can be
 */
public record MetricsSettings(boolean enabled, InetSocketAddress address, Duration tickInterval) {

    /** Settings that turn metrics off. */
    public static final MetricsSettings DISABLED = new MetricsSettings(false,
            new InetSocketAddress("127.0.0.1", 9095), Duration.ofSeconds(10));
}
