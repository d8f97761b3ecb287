package org.ikec.loadtest.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.ikec.loadtest.snmp.WalkSummary;

/**
 * The measurements of one load run.
 *
 * @param durationS wall time of the run, including the final deletes
 * @param establishedPerS established IKE SAs divided by the time from the first intended start to the last establishment
 * @param peakEstablishedPerS the most IKE SAs established in one second of the timeline
 * @param latencyMicros every handshake latency, in microseconds
 * @param cpuS CPU time of the whole generator process during the run
 * @param heapBytesPerSa heap in use after a full GC with the SAs held, less the heap before the run, per SA held; 0 if none was held
 * @param gcPauses the generator's own garbage collection pauses reported between the end of the latency warm-up and the last sample
 * @param simultaneous the simultaneous scenario's per-peer outcome, or {@code null} for other scenarios
 * @param snmp the SNMP walks during the run, or {@code null} when none were asked for
 * @param virtualIp the virtual IP addresses the clients received, or {@code null} when they requested none
 */
public record RunResult(LoadPlan plan, Instant startedAt, double durationS, Totals totals, Map<String, Long> failures,
                        double establishedPerS, long peakEstablishedPerS, Histogram latencyMicros,
                        List<TimelinePoint> timeline, double cpuS, long heapBytesPerSa, GcPauses.Summary gcPauses, int threads,
                        Simultaneous simultaneous, WalkSummary snmp, VirtualIpSummary virtualIp) {

    /**
     * @param targetInitiateErrors the management API's errors for connections it did not initiate, by connection name
     */
    public record Simultaneous(int peers, Map<Integer, Integer> sasPerPeer, boolean allEstablished,
                               int startedByGenerator, int startedByTarget, Map<String, String> targetInitiateErrors) {
    }
}
