package org.ikec.snmp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of the agent's requests and of the ones it rejected, named after the SNMPv2-MIB snmp group
 * counters (RFC 3418 §2) they correspond to.
 */
public final class AgentCounters {

    /** The counters at one moment. */
    public record Snapshot(long inPkts, long inBadCommunityNames, long authorizationErrors, long noSuchNames,
                           long notWritables, long tooBigs, long droppedPdus) {
    }

    final AtomicLong inPkts = new AtomicLong();
    final AtomicLong inBadCommunityNames = new AtomicLong();
    final AtomicLong authorizationErrors = new AtomicLong();
    final AtomicLong noSuchNames = new AtomicLong();
    final AtomicLong notWritables = new AtomicLong();
    final AtomicLong tooBigs = new AtomicLong();
    final AtomicLong droppedPdus = new AtomicLong();

    public Snapshot snapshot() {
        return new Snapshot(inPkts.get(), inBadCommunityNames.get(), authorizationErrors.get(), noSuchNames.get(),
                notWritables.get(), tooBigs.get(), droppedPdus.get());
    }
}
