package org.ikec.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Renders the node and strongswan fixtures at 900 by 380 pixels. The plot spans x 80 to 876 and
 * y 56 to 324. The rate chart's x axis ends at 4 s and its y axis at 400 SA/s, and the latency
 * chart's y axis ends at 100 ms.
 */
class HtmlReportTest {

    private static final Instant GENERATED_AT = Instant.parse("2026-12-04T23:30:00Z");

    private String html;

    @BeforeEach
    void render() throws IOException {
        List<LoadTestResult> results = List.of(
                LoadTestResult.read(Fixtures.path("node.json").toString()),
                LoadTestResult.read(Fixtures.path("strongswan.json").toString()));
        html = HtmlReport.render(results, GENERATED_AT);
    }

    @Test
    void rateSeriesPointsPlotted() {
        assertThat(html).contains("<g class=\"series\" data-name=\"node\"><polyline fill=\"none\" stroke=\"#1f77b4\""
                + " stroke-width=\"2\" points=\"279.0,243.6 478.0,69.4 677.0,96.2 876.0,223.5\"/>");
        assertThat(html).contains("<g class=\"series\" data-name=\"strongswan\"><polyline fill=\"none\" stroke=\"#d62728\""
                + " stroke-width=\"2\" points=\"279.0,123.0 478.0,56.0 677.0,123.0\"/>");
    }

    @Test
    void rateSeriesPointsTitled() {
        assertThat(html).contains("<title>node at 1: 120</title>");
        assertThat(html).contains("<title>node at 2: 380</title>");
        assertThat(html).contains("<title>node at 3: 340</title>");
        assertThat(html).contains("<title>node at 4: 150</title>");
        assertThat(html).contains("<title>strongswan at 2: 400</title>");
    }

    @Test
    void latencySeriesOnNinesAxis() {
        // 0, 50, 90, 99, 99.9 and 100 % sit at 0, log10(2), 1, 2, 3 and 4 of the axis's 4 decades.
        assertThat(html).contains("points=\"80.0,320.8 139.9,313.0 279.0,297.7 478.0,239.6 677.0,109.1 876.0,69.4\"");
        assertThat(html).contains("<title>node at 99.9: 80.2</title>");
        assertThat(html).contains("<title>strongswan at 99: 8</title>");
    }

    @Test
    void runsTableListsRates() {
        assertThat(html).contains("<tr><td>node</td><td>storm</td><td>127.0.0.1:500</td><td>aes256gcm16-prfsha256-x25519</td>"
                + "<td>aes256gcm16</td><td>4.00</td><td>247.50</td><td>380.00</td><td>4.10</td><td>31.50</td>"
                + "<td>80.20</td><td>95.00</td></tr>");
        assertThat(html).contains("<tr><td>strongswan</td><td>storm</td><td>198.51.100.2:500</td>");
    }

    @Test
    void totalsAndFailuresByResult() {
        assertThat(html).contains("<tr><th>counter</th><th>node</th><th>strongswan</th></tr>");
        assertThat(html).contains("<tr><td>established</td><td>990</td><td>1000</td></tr>");
        assertThat(html).contains("<tr><td>retransmissions</td><td>14</td><td>0</td></tr>");
        assertThat(html).contains("<tr><th>reason</th><th>node</th><th>strongswan</th></tr>");
        assertThat(html).contains("<tr><td>TIMEOUT</td><td>7</td><td>0</td></tr>");
        assertThat(html).contains("<tr><td>AUTHENTICATION_FAILED</td><td>3</td><td>0</td></tr>");
    }

    @Test
    void pageIsSelfContained() {
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).doesNotContain("<script", "<link", "@import", "url(", "src=");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:", "https:");
        assertThat(html).contains("Generated at 2026-12-04T23:30:00Z from 2 result files.");
    }

    @Test
    void labelsEscaped() throws IOException {
        LoadTestResult result = LoadTestResult.read("<a&b>=" + Fixtures.path("node.json"));

        String page = HtmlReport.render(List.of(result), GENERATED_AT);

        assertThat(page).contains("data-name=\"&lt;a&amp;b&gt;\"");
        assertThat(page).doesNotContain("<a&b>");
    }

    @Test
    void noResultsRejected() {
        assertThatThrownBy(() -> HtmlReport.render(List.of(), GENERATED_AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no load test results to report");
    }
}
