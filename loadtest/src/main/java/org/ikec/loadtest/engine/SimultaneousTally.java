package org.ikec.loadtest.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Counts, per peer, the IKE SAs that both ends started at once: the ones the generator initiated
 * and the ones the target initiated and the generator responded to.
 */
public final class SimultaneousTally {

    private final int peers;
    private final AtomicIntegerArray started;
    private final AtomicIntegerArray established;
    private final AtomicIntegerArray byTarget;

    SimultaneousTally(int peers) {
        this.peers = peers;
        this.started = new AtomicIntegerArray(peers);
        this.established = new AtomicIntegerArray(peers);
        this.byTarget = new AtomicIntegerArray(peers);
    }

    void started(int peer, boolean targetInitiated) {
        started.incrementAndGet(peer - 1);
        if (targetInitiated) {
            byTarget.incrementAndGet(peer - 1);
        }
    }

    void established(int peer) {
        established.incrementAndGet(peer - 1);
    }

    public int peers() {
        return peers;
    }

    /** Returns how many peers ended with each number of established IKE SAs, keyed by that number. */
    public Map<Integer, Integer> sasPerPeer() {
        Map<Integer, Integer> histogram = new TreeMap<>();
        for (int i = 0; i < peers; i++) {
            histogram.merge(established.get(i), 1, Integer::sum);
        }
        return histogram;
    }

    /** Tells whether every peer has an IKE SA and every IKE SA started for any peer was established. */
    public boolean allEstablished() {
        for (int i = 0; i < peers; i++) {
            if (established.get(i) == 0 || established.get(i) != started.get(i)) {
                return false;
            }
        }
        return true;
    }

    public int startedByTarget() {
        int total = 0;
        for (int i = 0; i < peers; i++) {
            total += byTarget.get(i);
        }
        return total;
    }

    public int started() {
        int total = 0;
        for (int i = 0; i < peers; i++) {
            total += started.get(i);
        }
        return total;
    }

    public int established() {
        int total = 0;
        for (int i = 0; i < peers; i++) {
            total += established.get(i);
        }
        return total;
    }
}
