package org.ikec.node.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.ikec.cluster.IkeCluster.RouteResult;
import org.slf4j.Logger;

/**
 * Counters of the UDP layer: routing results, drops by reason, and keepalives. A drop logs one
 * WARN line per reason at most every 10 seconds, carrying the number dropped since the last line.
 * Thread-safe; the receive threads and the egress actor share one instance.
 */
public final class UdpCounters {

    static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

    private final Map<RouteResult, LongAdder> routed = new EnumMap<>(RouteResult.class);
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final Map<DropReason, AtomicLong> unreported = new EnumMap<>(DropReason.class);
    private final Map<DropReason, AtomicLong> lastWarnNanos = new EnumMap<>(DropReason.class);
    private final LongAdder keepalives = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final AtomicLong kernelDropsSeen = new AtomicLong();
    private final LongSupplier nanoClock;
    private final Logger log;

    public UdpCounters(LongSupplier nanoClock, Logger log) {
        this.nanoClock = nanoClock;
        this.log = log;
        for (RouteResult result : RouteResult.values()) {
            routed.put(result, new LongAdder());
        }
        long longAgo = nanoClock.getAsLong() - WARN_INTERVAL_NANOS;
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
            unreported.put(reason, new AtomicLong());
            lastWarnNanos.put(reason, new AtomicLong(longAgo));
        }
    }

    public void routed(RouteResult result) {
        routed.get(result).increment();
        switch (result) {
            case MALFORMED_HEADER -> dropped(DropReason.MALFORMED_HEADER);
            case UNKNOWN_SPI -> dropped(DropReason.UNKNOWN_SPI);
            case ROUTED, COOKIE_REQUIRED -> { }
        }
    }

    public void dropped(DropReason reason) {
        dropped(reason, 1);
    }

    /**
     * Records the kernel's count of datagrams it dropped for the node's sockets, {@code total}
     * since they were bound, and counts what it added since the last call as
     * {@link DropReason#RECEIVE_BUFFER_FULL}.
     */
    public void kernelDropped(long total) {
        long added = total - kernelDropsSeen.getAndSet(total);
        if (added > 0) {
            dropped(DropReason.RECEIVE_BUFFER_FULL, added);
        }
    }

    private void dropped(DropReason reason, long count) {
        dropped.get(reason).add(count);
        unreported.get(reason).addAndGet(count);

        long now = nanoClock.getAsLong();
        AtomicLong last = lastWarnNanos.get(reason);
        long previous = last.get();
        if (now - previous >= WARN_INTERVAL_NANOS && last.compareAndSet(previous, now)) {
            long unreportedCount = unreported.get(reason).getAndSet(0);
            log.warn("dropped {} datagram(s) in the last 10s: {}", unreportedCount, describe(reason));
        }
    }

    public void keepalive() {
        keepalives.increment();
    }

    public void sent() {
        sent.increment();
    }

    public long routedCount(RouteResult result) {
        return routed.get(result).sum();
    }

    public long droppedCount(DropReason reason) {
        return dropped.get(reason).sum();
    }

    public long keepaliveCount() {
        return keepalives.sum();
    }

    public long sentCount() {
        return sent.sum();
    }

    /** Returns every counter by a stable lower-case name, for the management interface. */
    public Map<String, Long> snapshot() {
        Map<String, Long> counters = new java.util.LinkedHashMap<>();
        for (RouteResult result : RouteResult.values()) {
            counters.put("routed." + result.name().toLowerCase(), routedCount(result));
        }
        for (DropReason reason : DropReason.values()) {
            counters.put("dropped." + reason.name().toLowerCase(), droppedCount(reason));
        }
        counters.put("keepalives", keepaliveCount());
        counters.put("sent", sentCount());
        return counters;
    }

    private static String describe(DropReason reason) {
        return switch (reason) {
            case TOO_SHORT -> "shorter than an IKE header (28 bytes)";
            case TOO_LONG -> "longer than 65535 bytes";
            case NOT_IKE -> "initiator SPI of zero on the IKE port, so not an IKE message";
            case ESP -> "ESP in UDP, but this node has no data plane";
            case MALFORMED_HEADER -> "malformed IKE header";
            case UNKNOWN_SPI -> "no IKE SA for the SPI";
            case NO_SOCKET -> "outbound datagram for a local address with no socket";
            case SEND_FAILED -> "sending failed";
            case RECEIVE_FAILED -> "receiving failed";
            case RECEIVE_BUFFER_FULL -> "dropped by the kernel because the socket's receive buffer was full; raise "
                    + "ikec.listen.receive-buffer, and net.core.rmem_max with it";
        };
    }
}
