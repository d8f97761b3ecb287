package org.ikec.loadtest.engine;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tracks which client holds which virtual IP address while its IKE SA is live, the address each
 * identity received last, and every address seen. The event loops of a run share one tally, so
 * every method is synchronized; it is called once per handshake and delete, not per datagram.
 */
final class VirtualIpTally {

    /** How many duplicates the summary names. */
    static final int MAX_DUPLICATE_EXAMPLES = 5;

    private final VirtualIpRequest requested;
    private final Map<InetAddress, Integer> liveHolders = new HashMap<>();
    private final Map<Integer, List<InetAddress>> liveByClient = new HashMap<>();
    private final Map<Integer, List<InetAddress>> lastByClient = new HashMap<>();
    private final Set<InetAddress> seen = new HashSet<>();
    private final List<String> duplicateExamples = new ArrayList<>();
    private long granted;
    private long duplicates;
    private long addressFailures;
    private long reconnectsSame;
    private long reconnectsOther;

    VirtualIpTally(VirtualIpRequest requested) {
        this.requested = requested;
    }

    /** Records that client {@code number}'s new IKE SA received {@code addresses}, which is not empty. */
    synchronized void granted(int number, List<InetAddress> addresses) {
        granted++;
        for (InetAddress address : addresses) {
            Integer holder = liveHolders.put(address, number);
            if (holder != null && holder != number) {
                duplicates++;
                if (duplicateExamples.size() < MAX_DUPLICATE_EXAMPLES) {
                    duplicateExamples.add(address.getHostAddress() + " (clients " + holder + " and " + number + ")");
                }
            }
        }
        liveByClient.put(number, List.copyOf(addresses));
        seen.addAll(addresses);

        List<InetAddress> previous = lastByClient.put(number, List.copyOf(addresses));
        if (previous != null && previous.equals(addresses)) {
            reconnectsSame++;
        } else if (previous != null) {
            reconnectsOther++;
        }
    }

    /** Counts an IKE SA that came up without an address. */
    synchronized void addressFailed() {
        addressFailures++;
    }

    /** Records that client {@code number}'s IKE SA closed, so the addresses it held are free again. */
    synchronized void released(int number) {
        List<InetAddress> held = liveByClient.remove(number);
        if (held != null) {
            held.forEach(address -> liveHolders.remove(address, number));
        }
    }

    synchronized VirtualIpSummary summary() {
        return new VirtualIpSummary(requested.label(), granted, lastByClient.size(), seen.size(), duplicates,
                duplicateExamples, addressFailures, reconnectsSame, reconnectsOther);
    }
}
