package org.ikec.loadtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes one self-contained HTML page from one or several load test results: a summary of each
 * run, the rate over time and latency percentile charts as inline SVG, and tables of the totals
 * and of the failures by reason. The page loads no scripts, fonts or images from anywhere.
 */
public final class HtmlReport {

    static final int CHART_WIDTH = 900;
    static final int CHART_HEIGHT = 380;

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 24px; color: #222; }
            table { border-collapse: collapse; margin: 8px 0 24px; }
            th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            th { background: #f2f2f2; }
            """;

    private HtmlReport() {
    }

    /** Writes the report of {@code results} to {@code file} in UTF-8. */
    public static void write(List<LoadTestResult> results, Instant generatedAt, Path file) throws IOException {
        Files.writeString(file, render(results, generatedAt), StandardCharsets.UTF_8);
    }

    /** Returns the report page of {@code results}, in the order given. */
    public static String render(List<LoadTestResult> results, Instant generatedAt) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no load test results to report");
        }

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.append("<title>ikec load test report</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1>ikec load test report</h1>\n");
        html.append("<p>Generated at ").append(generatedAt).append(" from ").append(results.size())
                .append(results.size() == 1 ? " result file" : " result files").append(".</p>\n");

        appendRuns(html, results);
        html.append("<h2>Rate over time</h2>\n").append(SvgChart.render(ReportCharts.rateOverTime(results), CHART_WIDTH, CHART_HEIGHT));
        html.append("<h2>Latency by percentile</h2>\n")
                .append(SvgChart.render(ReportCharts.latencyPercentiles(results), CHART_WIDTH, CHART_HEIGHT));
        html.append("<h2>Totals</h2>\n");
        appendTable(html, results, LoadTestResult::totals, "counter", "no totals recorded");
        html.append("<h2>Failures by reason</h2>\n");
        appendTable(html, results, LoadTestResult::failures, "reason", "no failures");

        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void appendRuns(StringBuilder html, List<LoadTestResult> results) {
        html.append("<h2>Runs</h2>\n<table>\n<tr><th>run</th><th>scenario</th><th>targets</th><th>proposal</th>"
                + "<th>ESP proposal</th><th>duration (s)</th><th>established/s</th><th>peak/s</th>"
                + "<th>p50 (ms)</th><th>p99 (ms)</th><th>p99.9 (ms)</th><th>max (ms)</th></tr>\n");
        for (LoadTestResult result : results) {
            html.append("<tr>");
            cell(html, result.label());
            cell(html, result.scenario());
            cell(html, String.join(", ", result.targets()));
            cell(html, result.proposal());
            cell(html, result.espProposal());
            cell(html, decimal(result.durationSeconds()));
            cell(html, decimal(result.establishedPerSecond()));
            cell(html, decimal(result.peakEstablishedPerSecond()));
            for (String key : List.of("p50", "p99", "p999", "max")) {
                Double value = result.latency().get(key);
                cell(html, value == null ? "-" : decimal(value));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** Appends a table with one row per key found in any result and one column per result. */
    private static void appendTable(StringBuilder html, List<LoadTestResult> results,
                                    Function<LoadTestResult, Map<String, Long>> values, String keyHeading, String whenEmpty) {
        Set<String> keys = new LinkedHashSet<>();
        results.forEach(result -> keys.addAll(values.apply(result).keySet()));
        if (keys.isEmpty()) {
            html.append("<p>").append(whenEmpty).append(".</p>\n");
            return;
        }

        html.append("<table>\n<tr><th>").append(keyHeading).append("</th>");
        results.forEach(result -> html.append("<th>").append(Html.escape(result.label())).append("</th>"));
        html.append("</tr>\n");
        for (String key : keys) {
            html.append("<tr>");
            cell(html, key);
            for (LoadTestResult result : results) {
                Long value = values.apply(result).get(key);
                cell(html, value == null ? "0" : Long.toString(value));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void cell(StringBuilder html, String text) {
        html.append("<td>").append(Html.escape(text)).append("</td>");
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
