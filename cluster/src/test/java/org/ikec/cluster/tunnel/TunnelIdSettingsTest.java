package org.ikec.cluster.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

/** The allocator's settings and the waits between an IKE SA's requests for its tunnel index. */
class TunnelIdSettingsTest {

    private static TunnelIdSettings settings(String extra) {
        return TunnelIdSettings.fromConfig(ConfigFactory.parseString(extra).withFallback(ConfigFactory.load()));
    }

    @Test
    void defaultRetryDelaysDoubleToCap() {
        TunnelIdSettings settings = settings("");

        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.retryDelay(1, 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.retryDelay(2, 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.retryDelay(3, 0.5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.retryDelay(7, 0.5)).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.retryDelay(1_000_000, 0.5)).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void jitterStaysWithinAFifth() {
        TunnelIdSettings settings = settings("");

        assertThat(settings.retryDelay(1, 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.retryDelay(1, 1.0)).isEqualTo(Duration.ofSeconds(6));
        assertThat(settings.retryDelay(Integer.MAX_VALUE, 1.0)).isEqualTo(Duration.ofSeconds(360));
    }

    @Test
    void nonPositiveWaitsRejected() {
        assertThatThrownBy(() -> settings("ikec.tunnel-ids.request-timeout = 0s"))
                .hasMessageContaining("ikec.tunnel-ids.request-timeout")
                .hasMessageContaining("longer than 0");
        assertThatThrownBy(() -> settings("ikec.tunnel-ids.retry-backoff = -1s"))
                .hasMessageContaining("ikec.tunnel-ids.retry-backoff");
    }
}
