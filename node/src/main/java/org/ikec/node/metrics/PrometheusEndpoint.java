package org.ikec.node.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import kamon.Kamon;
import kamon.module.Module;
import kamon.prometheus.PrometheusReporter;

/**
 * Kamon with its Prometheus reporter, whose embedded HTTP server serves {@code /metrics}. Kamon is
 * one per JVM, so this class reconfigures it rather than owning it; every node started in one JVM
 * shares its instruments.
 */
final class PrometheusEndpoint implements AutoCloseable {

    /** Exchange latency buckets in seconds: a responder replies in well under a millisecond, a slow peer in seconds. */
    private static final String LATENCY_BUCKETS = "[0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,"
            + " 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]";

    private final PrometheusReporter reporter;
    private final Module.Registration registration;

    private PrometheusEndpoint(PrometheusReporter reporter, Module.Registration registration) {
        this.reporter = reporter;
        this.registration = registration;
    }

    /**
     * Configures Kamon and starts the reporter's HTTP server.
     *
     * @throws IOException when the server cannot listen on the address
     */
    static PrometheusEndpoint start(MetricsSettings settings) throws IOException {
        Config config = kamonConfig(settings).withFallback(ConfigFactory.load());
        Kamon.initWithoutAttaching(config);

        PrometheusReporter reporter;
        try {
            reporter = new PrometheusReporter(PrometheusReporter.DefaultConfigPath(), config);
        } catch (Exception e) {
            // The Scala constructor throws the server's BindException, which Java does not declare as checked.
            throw new IOException("cannot serve metrics on " + settings.address().getAddress().getHostAddress() + ":"
                    + settings.address().getPort() + ": " + innermostMessage(e), e);
        }
        Module.Registration registration = Kamon.addReporter("ikec-prometheus", reporter);
        return new PrometheusEndpoint(reporter, registration);
    }

    /** Returns the message of the innermost cause, because Kamon creates the server by reflection. */
    private static String innermostMessage(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        return String.valueOf(innermost.getMessage());
    }

    private static Config kamonConfig(MetricsSettings settings) {
        Duration tick = settings.tickInterval();
        String hocon = String.join("\n",
                "kamon.init.hide-banner = yes",
                "kamon.modules.prometheus-reporter.enabled = no",
                "kamon.metric.tick-interval = " + tick.toMillis() + "ms",
                "kamon.metric.optimistic-tick-alignment = no",
                "kamon.prometheus.embedded-server.hostname = \"" + settings.address().getAddress().getHostAddress() + "\"",
                "kamon.prometheus.embedded-server.port = " + settings.address().getPort(),
                "kamon.prometheus.buckets.custom { \"" + MetricNames.EXCHANGE_LATENCY + "\" = " + LATENCY_BUCKETS + " }");
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseMap(Map.of()));
    }

    /** Returns the text a scrape of {@code /metrics} returns. */
    String scrapeData() {
        return reporter.scrapeData();
    }

    @Override
    public void close() {
        registration.cancel();
        reporter.stop();
    }
}
