package org.ikec.loadtest.engine;

/** The run's counters at its end. */
public record Totals(long attempted, long established, long failed, long retransmissions, long deleted,
                     long rekeysChild, long rekeysIke, long livenessChecks, long cookies, long invalidKeRetries,
                     long heldAtEnd) {
}
