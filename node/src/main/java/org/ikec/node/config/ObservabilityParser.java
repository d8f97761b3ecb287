package org.ikec.node.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;

import org.ikec.node.logging.LoggingSettings;
import org.ikec.node.metrics.MetricsSettings;

/** Reads the {@code ikec.metrics} and {@code ikec.logging} sections. */
final class ObservabilityParser {

    private static final Set<String> METRICS_KEYS = Set.of("enabled", "address", "port", "tick-interval");
    private static final Set<String> LOGGING_KEYS = Set.of("format", "log-keys", "flush-interval");
    private static final Duration MIN_TICK = Duration.ofMillis(100);
    private static final Duration MAX_FLUSH_INTERVAL = Duration.ofSeconds(10);

    private ObservabilityParser() {
    }

    static MetricsSettings metrics(ConfigReader ikec) {
        ConfigReader metrics = ikec.section("metrics");
        metrics.requireKnownKeys(METRICS_KEYS);

        boolean enabled = metrics.bool("enabled");
        InetSocketAddress address = new InetSocketAddress(
                ConfigLoader.address(metrics, "address", metrics.string("address", "missing")),
                metrics.integer("port", 1, 65535));
        Duration tick = metrics.duration("tick-interval");
        if (tick.compareTo(MIN_TICK) < 0) {
            throw new ConfigError(metrics.pathOf("tick-interval"), "is " + tick.toMillis()
                    + "ms; write at least 100ms, for example 10s");
        }
        return new MetricsSettings(enabled, address, tick);
    }

    static LoggingSettings logging(ConfigReader ikec) {
        ConfigReader logging = ikec.section("logging");
        logging.requireKnownKeys(LOGGING_KEYS);

        String format = logging.string("format", "missing");
        LoggingSettings.Format parsed = switch (format) {
            case "text" -> LoggingSettings.Format.TEXT;
            case "json" -> LoggingSettings.Format.JSON;
            default -> throw new ConfigError(logging.pathOf("format"), "unknown format '" + format
                    + "'; write text or json");
        };

        Duration flushInterval = logging.duration("flush-interval");
        if (flushInterval.compareTo(MAX_FLUSH_INTERVAL) > 0) {
            throw new ConfigError(logging.pathOf("flush-interval"), "is " + flushInterval.toMillis()
                    + "ms; write 0s to write each line at once, or up to 10s");
        }
        return new LoggingSettings(parsed, logging.bool("log-keys"), flushInterval);
    }
}
