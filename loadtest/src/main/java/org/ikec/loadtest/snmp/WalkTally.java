package org.ikec.loadtest.snmp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/** Counts walks as they end; the walker thread records, the sampler and the end of the run read. */
final class WalkTally {

    private static final long MAX_WALK_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final String agent;
    private final Map<WalkFailure, Long> failures = new EnumMap<>(WalkFailure.class);
    private final Histogram walkMicros = new Histogram(MAX_WALK_MICROS, 3);
    private long walks;
    private long walksOk;
    private long rowsMin = Long.MAX_VALUE;
    private long rowsMax;
    private String firstFailure = "";

    WalkTally(String agent) {
        this.agent = agent;
        for (WalkFailure reason : WalkFailure.values()) {
            failures.put(reason, 0L);
        }
    }

    synchronized void recordOk(long nanos, int rows) {
        walks++;
        walksOk++;
        rowsMin = Math.min(rowsMin, rows);
        rowsMax = Math.max(rowsMax, rows);
        walkMicros.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), MAX_WALK_MICROS));
    }

    synchronized void recordFailed(long nanos, WalkFailure reason, String detail) {
        walks++;
        failures.merge(reason, 1L, Long::sum);
        walkMicros.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), MAX_WALK_MICROS));
        if (firstFailure.isEmpty()) {
            firstFailure = reason + ": " + detail;
        }
    }

    synchronized long walks() {
        return walks;
    }

    synchronized long walksFailed() {
        return walks - walksOk;
    }

    synchronized WalkSummary summary() {
        boolean empty = walkMicros.getTotalCount() == 0;
        return new WalkSummary(agent, walks, walksOk, failures, walksOk == 0 ? 0 : rowsMin, rowsMax,
                empty ? 0 : walkMicros.getValueAtPercentile(50) / 1000.0,
                empty ? 0 : walkMicros.getValueAtPercentile(99) / 1000.0,
                empty ? 0 : walkMicros.getMaxValue() / 1000.0, firstFailure);
    }
}
