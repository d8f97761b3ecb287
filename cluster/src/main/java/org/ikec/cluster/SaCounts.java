package org.ikec.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The number of IKE SAs and CHILD SAs whose entities run on this node, for metrics. An IKE SA
 * counts from IKE_AUTH until it is closed, except while a rekey successor has taken its place.
 * Entities add the change after each command and take back their share when they stop. The
 * hand-off counts let the node sum up a shutdown in one log line.
 */
final class SaCounts {

    private final AtomicLong ikeSas = new AtomicLong();
    private final AtomicLong childSas = new AtomicLong();
    private final AtomicLong handedOff = new AtomicLong();
    private final AtomicLong handOffsUnconfirmed = new AtomicLong();

    void add(long ikeSaDelta, long childSaDelta) {
        if (ikeSaDelta != 0) {
            ikeSas.addAndGet(ikeSaDelta);
        }
        if (childSaDelta != 0) {
            childSas.addAndGet(childSaDelta);
        }
    }

    /**
     * Counts IKE SAs an entity stored for another node when it stopped. {@code confirmed} is false
     * when a majority of nodes did not acknowledge the write in time.
     */
    void handedOff(long count, boolean confirmed) {
        handedOff.addAndGet(count);
        if (!confirmed) {
            handOffsUnconfirmed.addAndGet(count);
        }
    }

    long handedOff() {
        return handedOff.get();
    }

    long handOffsUnconfirmed() {
        return handOffsUnconfirmed.get();
    }

    long ikeSas() {
        return ikeSas.get();
    }

    long childSas() {
        return childSas.get();
    }
}
