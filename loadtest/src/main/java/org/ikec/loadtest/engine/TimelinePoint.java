package org.ikec.loadtest.engine;

/**
 * One second of the run.
 *
 * @param tS seconds since the run started, at the end of this second
 * @param established IKE SAs established during this second
 * @param establishedTotal IKE SAs established since the run started
 * @param failed handshakes that failed during this second
 * @param inFlight handshakes running at the end of this second
 * @param held IKE SAs up at the end of this second
 * @param retransmissions retransmissions sent during this second
 * @param p99Ms the 99th percentile of the latencies recorded during this second, 0 when there were none
 */
public record TimelinePoint(long tS, long established, long establishedTotal, long failed, long inFlight, long held,
                            long retransmissions, double p99Ms) {
}
