package org.ikec.protocol.ike;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Limits a log line that a peer can trigger without authenticating to one per interval per key,
 * and counts the lines it held back, so a flood of bad requests cannot flood the log.
 */
final class LogLimiter {

    private static final long INTERVAL_MILLIS = 10_000;

    private record Window(long startMillis, long suppressed) {
    }

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * Returns -1 when the line for {@code key} must be held back, otherwise the number of lines
     * held back since the last one logged.
     */
    long permit(String key, long nowMillis) {
        long[] result = new long[1];
        windows.compute(key, (k, window) -> {
            if (window == null || nowMillis - window.startMillis() >= INTERVAL_MILLIS) {
                result[0] = window == null ? 0 : window.suppressed();
                return new Window(nowMillis, 0);
            }
            result[0] = -1;
            return new Window(window.startMillis(), window.suppressed() + 1);
        });
        return result[0];
    }
}
