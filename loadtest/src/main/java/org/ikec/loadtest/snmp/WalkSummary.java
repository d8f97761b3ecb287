package org.ikec.loadtest.snmp;

import java.util.Map;

/**
 * The walks of jnxIkeTunnelTable during one load run.
 *
 * @param agent            the walked agent as {@code HOST:PORT}
 * @param walks            walks started and ended
 * @param walksOk          walks that ended with exit status 0 and passed every check
 * @param failuresByReason failed walks by reason, with every reason present
 * @param rowsMin          fewest rows in a walk that passed, 0 when none passed
 * @param rowsMax          most rows in a walk that passed, 0 when none passed
 * @param walkMsP50        median wall time of a walk, failed walks included, in milliseconds
 * @param walkMsP99        99th percentile of the same
 * @param walkMsMax        the longest walk, in milliseconds
 * @param firstFailure     the reason and detail of the first failed walk, empty when none failed
 */
public record WalkSummary(String agent, long walks, long walksOk, Map<WalkFailure, Long> failuresByReason,
                          long rowsMin, long rowsMax, double walkMsP50, double walkMsP99, double walkMsMax,
                          String firstFailure) {

    public WalkSummary {
        failuresByReason = Map.copyOf(failuresByReason);
    }

    public long walksFailed() {
        return walks - walksOk;
    }
}
