package org.ikec.loadtest.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parts of one load generator result file ({@code loadtest run --out}) that the report shows.
 * Fields the report does not use are ignored, and missing ones read as empty or zero.
 *
 * @param label                  the series name in charts and tables
 * @param scenario               storm, steady, churn or simultaneous
 * @param targets                the concentrator addresses the generator sent to
 * @param proposal               the IKE proposal
 * @param espProposal            the ESP proposal
 * @param durationSeconds        the run's length
 * @param totals                 the counters of the {@code totals} object, in file order
 * @param failures               failed attempts by reason, in file order
 * @param establishedPerSecond   the mean rate of established IKE SAs
 * @param peakEstablishedPerSecond the highest one-second rate
 * @param latency                the {@code latency_ms} summary (count, mean, p50 ... max)
 * @param percentiles            the latency distribution, percentile in percent (0 to 100)
 * @param timeline               one point per progress interval
 */
public record LoadTestResult(
        String label,
        String scenario,
        List<String> targets,
        String proposal,
        String espProposal,
        double durationSeconds,
        Map<String, Long> totals,
        Map<String, Long> failures,
        double establishedPerSecond,
        double peakEstablishedPerSecond,
        Map<String, Double> latency,
        List<PercentilePoint> percentiles,
        List<TimelinePoint> timeline) {

    /** One point of the latency distribution: {@code valueMs} at {@code percentile} percent. */
    public record PercentilePoint(double percentile, double valueMs) {
    }

    /** One progress interval: {@code established} IKE SAs in the second that ended at {@code timeSeconds}. */
    public record TimelinePoint(double timeSeconds, double established, long establishedTotal, long failed,
                                long inFlight, long held, double p99Ms) {
    }

    public LoadTestResult {
        targets = List.copyOf(targets);
        totals = Collections.unmodifiableMap(new LinkedHashMap<>(totals));
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        latency = Collections.unmodifiableMap(new LinkedHashMap<>(latency));
        percentiles = List.copyOf(percentiles);
        timeline = List.copyOf(timeline);
    }

    /**
     * Reads a result file. {@code argument} is a path, or {@code NAME=PATH} to name the series;
     * without a name the file name without {@code .json} is the label.
     */
    public static LoadTestResult read(String argument) throws IOException {
        int equals = argument.indexOf('=');
        Path path = Path.of(equals < 0 ? argument : argument.substring(equals + 1));
        String label = equals < 0 ? path.getFileName().toString().replaceFirst("\\.json$", "") : argument.substring(0, equals);

        JsonNode root = new ObjectMapper().readTree(path.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(path + " is not a load test result: expected one JSON object");
        }
        return fromJson(label, root);
    }

    /** Builds a result from the parsed JSON object of a result file. */
    public static LoadTestResult fromJson(String label, JsonNode root) {
        List<String> targets = new ArrayList<>();
        root.path("targets").forEach(target -> targets.add(target.asText()));

        List<PercentilePoint> percentiles = new ArrayList<>();
        for (JsonNode point : root.path("latency_percentiles")) {
            percentiles.add(new PercentilePoint(point.path("percentile").asDouble(), point.path("value_ms").asDouble()));
        }
        // NOTE: percentiles are read in percent, as HdrHistogram's iterators give them. A list that
        // ends at 1.0 or below is taken as fractions (HdrHistogram's .hgrm files) and scaled up.
        double highest = percentiles.stream().mapToDouble(PercentilePoint::percentile).max().orElse(0);
        if (percentiles.size() > 1 && highest > 0 && highest <= 1.0) {
            percentiles.replaceAll(point -> new PercentilePoint(point.percentile() * 100, point.valueMs()));
        }

        List<TimelinePoint> timeline = new ArrayList<>();
        for (JsonNode point : root.path("timeline")) {
            timeline.add(new TimelinePoint(point.path("t_s").asDouble(), point.path("established").asDouble(),
                    point.path("established_total").asLong(), point.path("failed").asLong(),
                    point.path("in_flight").asLong(), point.path("held").asLong(), point.path("p99_ms").asDouble()));
        }

        return new LoadTestResult(label, root.path("scenario").asText(""), targets, root.path("proposal").asText(""),
                root.path("esp_proposal").asText(""), root.path("duration_s").asDouble(),
                longs(root.path("totals")), longs(root.path("failures")),
                root.path("established_per_s").asDouble(), root.path("peak_established_per_s").asDouble(),
                doubles(root.path("latency_ms")), percentiles, timeline);
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asLong()));
        return values;
    }

    private static Map<String, Double> doubles(JsonNode object) {
        Map<String, Double> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asDouble()));
        return values;
    }
}
