package org.ikec.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.ikec.protocol.ike.IkeEvents;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class NodeMetricsStartTest {

    @Test
    void busyPortLeavesMetricsOff() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MetricsSettings settings = new MetricsSettings(true,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()), Duration.ofSeconds(1));

            try (NodeMetrics metrics = NodeMetrics.start(settings, LoggerFactory.getLogger("org.ikec.cluster"))) {
                assertThat(metrics.events()).isSameAs(IkeEvents.NONE);
            }
        }
    }

    @Test
    void closeReleasesThePort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        MetricsSettings settings = new MetricsSettings(true, new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                Duration.ofSeconds(1));

        NodeMetrics.start(settings, LoggerFactory.getLogger("org.ikec.cluster")).close();
        try (NodeMetrics again = NodeMetrics.start(settings, LoggerFactory.getLogger("org.ikec.cluster"))) {
            assertThat(again.events()).isNotSameAs(IkeEvents.NONE);
        }
    }

    @Test
    void disabledMetricsReportNowhere() {
        try (NodeMetrics metrics = NodeMetrics.start(MetricsSettings.DISABLED, LoggerFactory.getLogger("org.ikec.cluster"))) {
            assertThat(metrics.events()).isSameAs(IkeEvents.NONE);
        }
    }
}
