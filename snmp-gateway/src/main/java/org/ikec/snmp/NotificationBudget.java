package org.ikec.snmp;

/**
 * A per-second budget of notifications: at most {@code maxPerSecond} pass within one wall-clock
 * second, and the rest are counted as dropped. One thread uses it.
 */
final class NotificationBudget {

    private final int maxPerSecond;
    private long currentSecond = Long.MIN_VALUE;
    private int usedThisSecond;
    private long droppedTotal;
    private long droppedSinceReport;

    NotificationBudget(int maxPerSecond) {
        this.maxPerSecond = maxPerSecond;
    }

    /** Takes one notification from the budget of the second {@code nowMillis} lies in; false when it is used up. */
    boolean tryTake(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        if (second != currentSecond) {
            currentSecond = second;
            usedThisSecond = 0;
        }
        if (usedThisSecond >= maxPerSecond) {
            droppedTotal++;
            droppedSinceReport++;
            return false;
        }
        usedThisSecond++;
        return true;
    }

    /** Returns how many were dropped since the previous call, and starts counting again from 0. */
    long takeDroppedSinceReport() {
        long dropped = droppedSinceReport;
        droppedSinceReport = 0;
        return dropped;
    }

    long droppedTotal() {
        return droppedTotal;
    }
}
