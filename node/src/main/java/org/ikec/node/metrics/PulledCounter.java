package org.ikec.node.metrics;

import java.util.function.LongSupplier;

import kamon.metric.Counter;

/**
 * A Kamon counter fed from a running total kept elsewhere: each {@link #sample} adds what the
 * total grew by since the previous sample. Used by one sampling thread only.
 */
final class PulledCounter {

    private final Counter counter;
    private final LongSupplier total;
    private long last;

    PulledCounter(Counter counter, LongSupplier total) {
        this.counter = counter;
        this.total = total;
    }

    void sample() {
        long now = total.getAsLong();
        if (now > last) {
            counter.increment(now - last);
        }
        last = now;
    }
}
