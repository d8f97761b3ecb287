package org.ikec.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Loads deploy/grafana/ikec-dashboard.json and compares its queries with a real node's scrape. */
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\bikec_[a-z0-9_]+");

    @Test
    void everyDashboardMetricIsScraped() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(dashboardFile()));
        TreeSet<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.path("expr").asText());
                while (metric.find()) {
                    queried.add(metric.group());
                }
            }
        }

        TreeSet<String> scraped;
        try (TestNode node = TestNode.start("format = text", "pools { rw4 { addrs = \"10.3.0.0/24\" } }");
             UdpIkeClient client = new UdpIkeClient(node.ike, TestNode.PROPOSAL, TestNode.PSK,
                     ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))) {
            assertThat(client.connect()).as("IKE SA").isPresent();
            scraped = awaitLatency(node);
        }

        assertThat(queried).hasSizeGreaterThanOrEqualTo(15);
        assertThat(scraped).containsAll(queried);
    }

    @Test
    void panelsUseTheDatasourceVariable() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(dashboardFile()));

        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertThat(variable.path("name").asText()).isEqualTo("datasource");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("${datasource}");
        }
    }

    private static Path dashboardFile() {
        String repository = System.getenv().getOrDefault("IKEC_REPO", "..");
        return Path.of(repository, "deploy", "grafana", "ikec-dashboard.json");
    }

    /**
     * Scrapes until the exchange latency histogram and the pool metrics appear, at most 10 s, and
     * returns the metric names.
     */
    private static TreeSet<String> awaitLatency(TestNode node) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            TreeSet<String> names = Scrape.parse(node.scrape()).names();
            if (names.contains("ikec_exchange_latency_seconds_bucket") && names.contains("ikec_entities")
                    && names.contains("ikec_address_pool_exhaustions_total")) {
                return names;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no exchange latency in the scrape within 10 s: " + names);
            }
            Thread.sleep(100);
        }
    }
}
