package org.ikec.snmp;

import java.util.List;

/**
 * The receivers of the gateway's tunnel up and tunnel down notifications, and the maximum number
 * sent per second. Notifications beyond {@code maxPerSecond} within one second are dropped and counted.
 */
public record NotificationSettings(List<TrapReceiverSettings> receivers, int maxPerSecond) {

    public static final int DEFAULT_MAX_PER_SECOND = 50;

    /** No receivers: the gateway sends no notifications. */
    public static final NotificationSettings NONE = new NotificationSettings(List.of(), DEFAULT_MAX_PER_SECOND);

    public NotificationSettings {
        receivers = List.copyOf(receivers);
        if (maxPerSecond < 1) {
            throw new IllegalArgumentException("notification rate " + maxPerSecond + " per second is below 1");
        }
    }
}
