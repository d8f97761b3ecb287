package org.ikec.loadtest.engine;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * A record of the generator's own garbage collection pauses during a run. A pause of the generator
 * delays its sends and receives, so it adds to the setup latency it measures. The result lists
 * these pauses next to the latency, which shows the harness's share of the tail. Collectors that
 * also report concurrent cycles (Shenandoah, ZGC) count only their pauses.
 */
public final class GcPauses implements NotificationListener {

    /** The pauses recorded: how many, their sum and the longest, in milliseconds. */
    public record Summary(long count, long totalMillis, long maxMillis) {
    }

    private final long fromNanos;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private long count;
    private long totalMillis;
    private long maxMillis;
    private boolean stopped;

    private GcPauses(long fromNanos) {
        this.fromNanos = fromNanos;
    }

    /**
     * Starts recording the pauses of every collector of this JVM that are reported once
     * {@code warmup} has passed, the same window as the latency of a run with a latency warm-up.
     * The report time is used because a collection's own start time counts from a JVM clock
     * that {@code RuntimeMXBean.getUptime()} does not match to the millisecond.
     */
    static GcPauses start(Duration warmup) {
        GcPauses pauses = new GcPauses(System.nanoTime() + warmup.toNanos());
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter && isPauseCollector(collector.getName())) {
                emitter.addNotificationListener(pauses, null, null);
                pauses.emitters.add(emitter);
            }
        }
        return pauses;
    }

    /** Returns what was recorded until now. */
    synchronized Summary recorded() {
        return new Summary(count, totalMillis, maxMillis);
    }

    /** Stops recording and returns what was recorded until now. */
    synchronized Summary stop() {
        stopped = true;
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                // Already removed: nothing more to stop.
            }
        }
        return recorded();
    }

    @Override
    public synchronized void handleNotification(Notification notification, Object handback) {
        if (stopped || System.nanoTime() - fromNanos < 0
                || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }

        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long millis = info.getGcInfo().getDuration();
        count++;
        totalMillis += millis;
        maxMillis = Math.max(maxMillis, millis);
    }

    /** Tells pause collectors from the beans of concurrent cycles, such as "Shenandoah Cycles". */
    static boolean isPauseCollector(String name) {
        return !name.contains("Cycles") && !name.contains("Concurrent");
    }
}
