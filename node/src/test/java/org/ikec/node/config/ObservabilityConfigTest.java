package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.ikec.node.logging.LoggingSettings;
import org.ikec.node.metrics.MetricsSettings;
import org.junit.jupiter.api.Test;

/** The {@code ikec.metrics} and {@code ikec.logging} sections. */
class ObservabilityConfigTest {

    private static final String CONNECTIONS = """
              connections {
                rw {
                  proposals = ["aes256gcm16-prfsha256-x25519"]
                  local { auth = psk, id = "gw.ikec.test" }
                  remote { auth = psk, id = "%any" }
                  children { net { local_ts = ["0.0.0.0/0"], esp_proposals = ["aes256gcm16"] } }
                }
              }
              secrets { demo { secret = "s3cret" } }
            """;

    private static NodeConfig load(String sections) {
        return ConfigLoader.loadText("ikec {\n" + CONNECTIONS + sections + "\n}", ConfigLoader.Overrides.NONE);
    }

    @Test
    void defaultsServeMetricsOnLoopback() {
        NodeConfig config = load("");

        assertThat(config.metrics()).isEqualTo(new MetricsSettings(true, new InetSocketAddress("127.0.0.1", 9095),
                Duration.ofSeconds(10)));
        assertThat(config.logging()).isEqualTo(LoggingSettings.DEFAULT);
        assertThat(config.logging().flushInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void sectionsAreRead() {
        NodeConfig config = load("""
                metrics { enabled = false, address = "::1", port = 9200, tick-interval = 2s }
                logging { format = json, log-keys = true, flush-interval = 0s }
                """);

        assertThat(config.metrics()).isEqualTo(new MetricsSettings(false, new InetSocketAddress("::1", 9200),
                Duration.ofSeconds(2)));
        assertThat(config.logging()).isEqualTo(new LoggingSettings(LoggingSettings.Format.JSON, true, Duration.ZERO));
    }

    @Test
    void metricsPortZeroIsRejected() {
        assertThatThrownBy(() -> load("metrics { port = 0 }"))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("ikec.metrics.port: ");
    }

    @Test
    void metricsHostNameIsRejected() {
        assertThatThrownBy(() -> load("metrics { address = \"localhost\" }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.metrics.address: 'localhost' is not an IP address; host names are not accepted,"
                        + " write an address such as 127.0.0.1 or ::1");
    }

    @Test
    void shortTickIsRejected() {
        assertThatThrownBy(() -> load("metrics { tick-interval = 10ms }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.metrics.tick-interval: is 10ms; write at least 100ms, for example 10s");
    }

    @Test
    void unknownLogFormatIsRejected() {
        assertThatThrownBy(() -> load("logging { format = xml }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.logging.format: unknown format 'xml'; write text or json");
    }

    @Test
    void longFlushIntervalIsRejected() {
        assertThatThrownBy(() -> load("logging { flush-interval = 11s }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.logging.flush-interval: is 11000ms; write 0s to write each line at once, or up to 10s");
    }

    @Test
    void negativeFlushIntervalIsRejected() {
        assertThatThrownBy(() -> load("logging { flush-interval = -1s }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.logging.flush-interval: the duration '-1s' is negative; write 0s or more");
    }

    @Test
    void unknownMetricsKeyIsRejected() {
        assertThatThrownBy(() -> load("metrics { hostname = \"127.0.0.1\" }"))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("ikec.metrics.hostname: unknown key");
    }
}
