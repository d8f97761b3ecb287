package org.ikec.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits the INVALID_IKE_SPI answers to requests for IKE SAs this cluster does not hold (RFC 7296
 * §2.21.4 allows them; an attacker must not turn them into a reflector), and counts them.
 */
final class UnknownSpiReplies {

    private final int maxPerSecond;
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    UnknownSpiReplies(int maxPerSecond) {
        this.maxPerSecond = maxPerSecond;
    }

    /** Counts one message for an unknown SPI and tells whether an answer may be sent. */
    boolean allow(long nowMillis) {
        total.incrementAndGet();
        long second = nowMillis / 1000;
        if (windowStart.getAndSet(second) != second) {
            inWindow.set(0);
        }
        return inWindow.incrementAndGet() <= maxPerSecond;
    }

    long total() {
        return total.get();
    }
}
