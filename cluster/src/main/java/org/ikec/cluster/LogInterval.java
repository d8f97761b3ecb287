package org.ikec.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval, shared by every thread, for a warning that many
 * entities raise at the same moment.
 */
public final class LogInterval {

    private final long intervalNanos;
    private final AtomicLong nextPermitNanos;
    /** Calls refused since the last permitted one. */
    private final AtomicLong suppressed = new AtomicLong();

    public LogInterval(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.nextPermitNanos = new AtomicLong(System.nanoTime());
    }

    /** Returns true for the first call of each interval. */
    public boolean permit() {
        long now = System.nanoTime();
        long next = nextPermitNanos.get();
        return now - next >= 0 && nextPermitNanos.compareAndSet(next, now + intervalNanos);
    }

    /**
     * Returns how many calls were refused since the last permitted one, for the first call of each
     * interval, and -1 for every other call, which it counts.
     */
    public long permitCountingSuppressed() {
        if (!permit()) {
            suppressed.incrementAndGet();
            return -1;
        }
        return suppressed.getAndSet(0);
    }

    public long intervalSeconds() {
        return Duration.ofNanos(intervalNanos).toSeconds();
    }
}
