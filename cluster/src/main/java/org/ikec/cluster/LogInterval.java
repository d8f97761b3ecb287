package org.ikec.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval, shared by every thread, for a warning that many
 * entities raise at the same moment.
 */
final class LogInterval {

    private final long intervalNanos;
    private final AtomicLong nextPermitNanos;

    LogInterval(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.nextPermitNanos = new AtomicLong(System.nanoTime());
    }

    /** Returns true for the first call of each interval. */
    boolean permit() {
        long now = System.nanoTime();
        long next = nextPermitNanos.get();
        return now - next >= 0 && nextPermitNanos.compareAndSet(next, now + intervalNanos);
    }

    long intervalSeconds() {
        return Duration.ofNanos(intervalNanos).toSeconds();
    }
}
