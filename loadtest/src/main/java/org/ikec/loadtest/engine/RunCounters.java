package org.ikec.loadtest.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and the latency recorder that every event loop writes to and the run's sampler reads.
 * Latency is recorded in microseconds, from a handshake's intended start to its IKE_AUTH response.
 */
public final class RunCounters {

    /** The largest latency the histogram tracks: one hour, in microseconds. */
    static final long MAX_LATENCY_MICROS = TimeUnit.HOURS.toMicros(1);

    final LongAdder attempted = new LongAdder();
    final LongAdder established = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retransmissions = new LongAdder();
    final LongAdder deleted = new LongAdder();
    final LongAdder rekeysChild = new LongAdder();
    final LongAdder rekeysIke = new LongAdder();
    final LongAdder livenessChecks = new LongAdder();
    final LongAdder cookies = new LongAdder();
    final LongAdder invalidKeRetries = new LongAdder();
    final LongAdder sendDrops = new LongAdder();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong held = new AtomicLong();

    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicLong firstStartNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEstablishedNanos = new AtomicLong(Long.MIN_VALUE);
    private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);
    /** Whether handshakes intended to start before {@link #latencyFromNanos} are left out of the latency. */
    private volatile boolean latencyWarmup;
    private volatile long latencyFromNanos;

    void started(long intendedStartNanos) {
        attempted.increment();
        inFlight.incrementAndGet();
        firstStartNanos.accumulateAndGet(intendedStartNanos, Math::min);
    }

    void established(long intendedStartNanos, long nowNanos) {
        inFlight.decrementAndGet();
        held.incrementAndGet();
        established.increment();
        lastEstablishedNanos.accumulateAndGet(nowNanos, Math::max);

        if (!latencyWarmup || intendedStartNanos - latencyFromNanos >= 0) {
            long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(nowNanos - intendedStartNanos));
            latency.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
        }
    }

    /** Leaves handshakes intended to start before {@code nanos} out of the latency. */
    void measureLatencyFrom(long nanos) {
        latencyFromNanos = nanos;
        latencyWarmup = true;
    }

    void failed(String reason) {
        inFlight.decrementAndGet();
        failed.increment();
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Counts a handshake that the end of the run stopped before it completed; it is neither established nor failed. */
    void abandoned() {
        inFlight.decrementAndGet();
    }

    void released() {
        held.decrementAndGet();
    }

    /** Returns the latencies recorded since the previous call; only one thread may call it. */
    Histogram takeLatencyInterval() {
        return latency.getIntervalHistogram();
    }

    /** Returns the failure counts by reason, sorted by reason. */
    public Map<String, Long> failuresByReason() {
        Map<String, Long> result = new TreeMap<>();
        failures.forEach((reason, count) -> result.put(reason, count.sum()));
        return result;
    }

    long firstStartNanos() {
        return firstStartNanos.get();
    }

    long lastEstablishedNanos() {
        return lastEstablishedNanos.get();
    }
}
