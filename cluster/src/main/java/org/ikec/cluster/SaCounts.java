package org.ikec.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The number of IKE SAs and CHILD SAs whose entities run on this node, for metrics. An IKE SA
 * counts from IKE_AUTH until it is closed, except while a rekey successor has taken its place.
 * Entities add the change after each command and take back their share when they stop.
 */
final class SaCounts {

    private final AtomicLong ikeSas = new AtomicLong();
    private final AtomicLong childSas = new AtomicLong();

    void add(long ikeSaDelta, long childSaDelta) {
        if (ikeSaDelta != 0) {
            ikeSas.addAndGet(ikeSaDelta);
        }
        if (childSaDelta != 0) {
            childSas.addAndGet(childSaDelta);
        }
    }

    long ikeSas() {
        return ikeSas.get();
    }

    long childSas() {
        return childSas.get();
    }
}
