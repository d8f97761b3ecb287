package org.ikec.loadtest.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.ikec.loadtest.snmp.WalkSummary;

/**
 * Writes a {@link RunResult} as the result file that the report and the bench script read. The
 * key names and their meaning are shared with them; latencies are in milliseconds.
 */
public final class ResultJson {

    /** HdrHistogram's percentile steps per halving of the distance to 100%; 5 gives about 30 to 60 points. */
    private static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 5;
    private static final int MAX_PERCENTILE_POINTS = 60;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultJson() {
    }

    public static void write(RunResult result, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), toJson(result));
    }

    public static ObjectNode toJson(RunResult result) {
        LoadPlan plan = result.plan();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scenario", plan.scenario().label());
        ArrayNode targets = root.putArray("targets");
        plan.targets().forEach(t -> targets.add(t.getAddress().getHostAddress() + ":" + t.getPort()));
        root.put("proposal", plan.proposal());
        root.put("esp_proposal", plan.espProposal());
        root.put("started_at", result.startedAt().toString());
        root.put("duration_s", round(result.durationS()));
        root.set("options", MAPPER.valueToTree(new TreeMap<>(plan.options())));
        root.set("totals", totals(result.totals()));
        ObjectNode failures = root.putObject("failures");
        result.failures().forEach(failures::put);
        root.put("established_per_s", round(result.establishedPerS()));
        root.put("peak_established_per_s", result.peakEstablishedPerS());
        root.set("latency_ms", latency(result.latencyMicros()));
        root.set("latency_percentiles", percentiles(result.latencyMicros()));
        root.set("timeline", timeline(result.timeline()));
        root.set("generator", generator(result));
        if (result.simultaneous() != null) {
            root.set("simultaneous", simultaneous(result.simultaneous()));
        }
        if (result.snmp() != null) {
            root.set("snmp", snmp(result.snmp()));
        }
        if (result.virtualIp() != null) {
            root.set("virtual_ip", virtualIp(result.virtualIp()));
        }
        return root;
    }

    private static ObjectNode totals(Totals totals) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("attempted", totals.attempted());
        node.put("established", totals.established());
        node.put("failed", totals.failed());
        node.put("retransmissions", totals.retransmissions());
        node.put("deleted", totals.deleted());
        node.put("rekeys_child", totals.rekeysChild());
        node.put("rekeys_ike", totals.rekeysIke());
        node.put("liveness_checks", totals.livenessChecks());
        node.put("cookies", totals.cookies());
        node.put("invalid_ke_retries", totals.invalidKeRetries());
        node.put("held_at_end", totals.heldAtEnd());
        return node;
    }

    private static ObjectNode latency(Histogram micros) {
        ObjectNode node = MAPPER.createObjectNode();
        boolean empty = micros.getTotalCount() == 0;
        node.put("count", micros.getTotalCount());
        node.put("mean", empty ? 0 : round(micros.getMean() / 1000.0));
        node.put("p50", millisAt(micros, 50));
        node.put("p90", millisAt(micros, 90));
        node.put("p99", millisAt(micros, 99));
        node.put("p999", millisAt(micros, 99.9));
        node.put("max", empty ? 0 : round(micros.getMaxValue() / 1000.0));
        return node;
    }

    private static double millisAt(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? 0 : round(micros.getValueAtPercentile(percentile) / 1000.0);
    }

    /** Lists HdrHistogram's percentile distribution, thinned evenly to at most 60 points, always keeping the last. */
    static ArrayNode percentiles(Histogram micros) {
        ArrayNode array = MAPPER.createArrayNode();
        if (micros.getTotalCount() == 0) {
            return array;
        }
        List<double[]> points = new ArrayList<>();
        for (HistogramIterationValue value : micros.percentiles(PERCENTILE_TICKS_PER_HALF_DISTANCE)) {
            points.add(new double[] {value.getPercentileLevelIteratedTo(), value.getValueIteratedTo() / 1000.0});
        }
        int step = (points.size() + MAX_PERCENTILE_POINTS - 1) / MAX_PERCENTILE_POINTS;
        for (int i = 0; i < points.size(); i++) {
            if (i % step == 0 || i == points.size() - 1) {
                ObjectNode point = array.addObject();
                point.put("percentile", round(points.get(i)[0]));
                point.put("value_ms", round(points.get(i)[1]));
            }
        }
        return array;
    }

    private static ArrayNode timeline(List<TimelinePoint> timeline) {
        ArrayNode array = MAPPER.createArrayNode();
        for (TimelinePoint point : timeline) {
            ObjectNode node = array.addObject();
            node.put("t_s", point.tS());
            node.put("established", point.established());
            node.put("established_total", point.establishedTotal());
            node.put("failed", point.failed());
            node.put("in_flight", point.inFlight());
            node.put("held", point.held());
            node.put("retransmissions", point.retransmissions());
            node.put("p99_ms", round(point.p99Ms()));
        }
        return array;
    }

    private static ObjectNode generator(RunResult result) {
        ObjectNode node = MAPPER.createObjectNode();
        long established = result.totals().established();
        node.put("cpu_s", round(result.cpuS()));
        node.put("cpu_s_per_sa", established == 0 ? 0 : result.cpuS() / established);
        node.put("heap_bytes_per_sa", result.heapBytesPerSa());
        ObjectNode pauses = node.putObject("gc_pauses");
        pauses.put("count", result.gcPauses().count());
        pauses.put("total_ms", result.gcPauses().totalMillis());
        pauses.put("max_ms", result.gcPauses().maxMillis());
        node.put("threads", result.threads());
        return node;
    }

    private static ObjectNode simultaneous(RunResult.Simultaneous simultaneous) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("peers", simultaneous.peers());
        ObjectNode histogram = node.putObject("sas_per_peer");
        for (Map.Entry<Integer, Integer> entry : simultaneous.sasPerPeer().entrySet()) {
            histogram.put(Integer.toString(entry.getKey()), entry.getValue());
        }
        node.put("all_established", simultaneous.allEstablished());
        node.put("initiated_by_generator", simultaneous.startedByGenerator());
        node.put("initiated_by_target", simultaneous.startedByTarget());
        ObjectNode errors = node.putObject("target_initiate_errors");
        simultaneous.targetInitiateErrors().forEach(errors::put);
        return node;
    }

    private static ObjectNode snmp(WalkSummary walks) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("agent", walks.agent());
        node.put("walks", walks.walks());
        node.put("walks_ok", walks.walksOk());
        node.put("walks_failed", walks.walksFailed());
        ObjectNode reasons = node.putObject("failures_by_reason");
        new TreeMap<>(walks.failuresByReason()).forEach((reason, count) -> reasons.put(reason.name(), count));
        node.put("rows_min", walks.rowsMin());
        node.put("rows_max", walks.rowsMax());
        ObjectNode walkMs = node.putObject("walk_ms");
        walkMs.put("p50", round(walks.walkMsP50()));
        walkMs.put("p99", round(walks.walkMsP99()));
        walkMs.put("max", round(walks.walkMsMax()));
        node.put("first_failure", walks.firstFailure());
        return node;
    }

    private static ObjectNode virtualIp(VirtualIpSummary summary) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("requested", summary.requested());
        node.put("granted", summary.granted());
        node.put("clients_granted", summary.clientsGranted());
        node.put("distinct_addresses", summary.distinctAddresses());
        node.put("duplicates", summary.duplicates());
        ArrayNode examples = node.putArray("duplicate_examples");
        summary.duplicateExamples().forEach(examples::add);
        node.put("address_failures", summary.addressFailures());
        node.put("reconnects_same_address", summary.reconnectsSame());
        node.put("reconnects_other_address", summary.reconnectsOther());
        return node;
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
