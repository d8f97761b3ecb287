package org.ikec.loadtest.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Optional;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * Checks before a run binds its sockets that they fit under the process's open-file limit, so a
 * run that cannot fit fails at once with the numbers instead of failing part-way through binding.
 * A run binds one UDP socket per source address and port pair it uses, two with NAT-T.
 */
public final class OpenFileLimit {

    /** Descriptors each event loop's selector takes: the epoll instance and one or two for its wake-up. */
    static final int PER_EVENT_LOOP = 3;
    /**
     * Descriptors left for what the run opens later: the result file, snmpbulkwalk's pipes, the JDK
     * opening more of its own files. An estimate with room to spare, not a measured bound.
     */
    static final int MARGIN = 64;

    private OpenFileLimit() {
    }

    /** Returns the number of source address and port pairs the run binds: one per client, at most all pairs. */
    public static int sourcePairs(LoadPlan plan) {
        long pairs = (long) plan.sources().size() * plan.sourcePorts().size();
        return (int) Math.min(pairs, plan.sas());
    }

    /** Returns the number of UDP sockets the run binds. */
    public static int sockets(LoadPlan plan) {
        return sourcePairs(plan) * (plan.natT() ? 2 : 1);
    }

    /**
     * Returns the error line when the run's sockets do not fit under this process's open-file limit,
     * or empty when they fit or the JVM does not report the limit (on a system other than Unix).
     */
    public static Optional<String> check(LoadPlan plan) {
        OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
        if (!(system instanceof UnixOperatingSystemMXBean unix)) {
            return Optional.empty();
        }
        return check(plan, unix.getOpenFileDescriptorCount(), unix.getMaxFileDescriptorCount());
    }

    /** Returns the error line when the run's sockets do not fit in {@code limit} with {@code open} files open. */
    static Optional<String> check(LoadPlan plan, long open, long limit) {
        int sockets = sockets(plan);
        long needed = open + sockets + (long) PER_EVENT_LOOP * plan.threads() + MARGIN;
        if (needed <= limit) {
            return Optional.empty();
        }

        String perPair = plan.natT() ? "two per source address and port pair with --nat-t"
                : "one per source address and port pair";
        return Optional.of("the run binds " + sockets + " UDP sockets (" + perPair + ") but the open-file limit"
                + " (ulimit -n) is " + limit + " with " + open + " files already open; use fewer --sources or"
                + " --source-ports, or raise the limit, for example with 'ulimit -n " + needed + "'");
    }
}
