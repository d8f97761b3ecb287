package org.ikec.loadtest.engine;

/**
 * Decides when the next handshake starts. An open loop starts handshakes at a fixed rate whatever
 * the target does, and hands out each start's intended time, so that latency counts the time a
 * start waited behind a slow event loop (correcting coordinated omission). A closed loop keeps a
 * fixed number of handshakes in flight, and a start's intended time is the moment it is taken.
 */
public sealed interface StartSchedule {

    /** Returned by {@link #take} when no start is due. */
    long NONE = Long.MIN_VALUE;

    /**
     * Takes one start if one is due at {@code nowNanos} with {@code inFlight} handshakes running, and
     * returns its intended start time in {@link System#nanoTime} units, or {@link #NONE}.
     */
    long take(long nowNanos, int inFlight);

    /** Returns the time of the next start, or {@code Long.MAX_VALUE} when it waits for a handshake to end. */
    long nextDueNanos(long nowNanos, int inFlight);

    /** Starts at {@code ratePerSecond}, the first at {@code startNanos}. */
    final class OpenLoop implements StartSchedule {

        private final long startNanos;
        private final double periodNanos;
        private long taken;

        public OpenLoop(double ratePerSecond, long startNanos) {
            if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException("the start rate must be a positive number, got " + ratePerSecond);
            }
            this.startNanos = startNanos;
            this.periodNanos = 1e9 / ratePerSecond;
        }

        @Override
        public long take(long nowNanos, int inFlight) {
            long due = dueAt(taken);
            if (nowNanos - due < 0) {
                return NONE;
            }
            taken++;
            return due;
        }

        @Override
        public long nextDueNanos(long nowNanos, int inFlight) {
            return dueAt(taken);
        }

        private long dueAt(long index) {
            return startNanos + (long) (index * periodNanos);
        }
    }

    /** Keeps up to {@code concurrency} handshakes in flight. */
    record ClosedLoop(int concurrency) implements StartSchedule {

        public ClosedLoop {
            if (concurrency < 1) {
                throw new IllegalArgumentException("the concurrency must be at least 1, got " + concurrency);
            }
        }

        @Override
        public long take(long nowNanos, int inFlight) {
            return inFlight < concurrency ? nowNanos : NONE;
        }

        @Override
        public long nextDueNanos(long nowNanos, int inFlight) {
            return inFlight < concurrency ? nowNanos : Long.MAX_VALUE;
        }
    }
}
