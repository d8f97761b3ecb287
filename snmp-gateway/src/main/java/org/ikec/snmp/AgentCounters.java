package org.ikec.snmp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of the agent's requests and of the ones it rejected, named after the SNMPv2-MIB snmp group
 * counters (RFC 3418 §2) they correspond to. The per-type request counters follow the obsolete
 * snmpInGetRequests, snmpInGetNexts and snmpInSetRequests of RFC 1213; GETBULK has none there.
 */
public final class AgentCounters {

    /** The counters at one moment. */
    public record Snapshot(long inPkts, long inBadCommunityNames, long authorizationErrors, long noSuchNames,
                           long notWritables, long tooBigs, long droppedPdus, long inGetRequests, long inGetNexts,
                           long inGetBulks, long inSetRequests) {
    }

    final AtomicLong inPkts = new AtomicLong();
    final AtomicLong inBadCommunityNames = new AtomicLong();
    final AtomicLong authorizationErrors = new AtomicLong();
    final AtomicLong noSuchNames = new AtomicLong();
    final AtomicLong notWritables = new AtomicLong();
    final AtomicLong tooBigs = new AtomicLong();
    final AtomicLong droppedPdus = new AtomicLong();
    final AtomicLong inGetRequests = new AtomicLong();
    final AtomicLong inGetNexts = new AtomicLong();
    final AtomicLong inGetBulks = new AtomicLong();
    /** SET requests, every one of them rejected because the view is read-only. */
    final AtomicLong inSetRequests = new AtomicLong();

    public Snapshot snapshot() {
        return new Snapshot(inPkts.get(), inBadCommunityNames.get(), authorizationErrors.get(), noSuchNames.get(),
                notWritables.get(), tooBigs.get(), droppedPdus.get(), inGetRequests.get(), inGetNexts.get(),
                inGetBulks.get(), inSetRequests.get());
    }
}
