package org.ikec.loadtest.probe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the Linux {@code /proc/PID/stat} and {@code /proc/PID/status} files, as proc(5)
 * describes them.
 */
public final class ProcText {

    /** Index of utime among the fields after the command name, which start at field 3 (state). */
    private static final int UTIME_INDEX = 14 - 3;
    private static final int STIME_INDEX = 15 - 3;

    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB$");

    private ProcText() {
    }

    /**
     * Returns utime plus stime of {@code /proc/PID/stat} in clock ticks: the CPU time of every
     * thread of the process, without its waited-for children.
     *
     * <p>The command name (field 2) is in parentheses and may itself contain spaces and
     * parentheses, so the fields are counted from the last closing parenthesis.
     */
    public static long cpuTicks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line, no ')' after the command name: " + stat);
        }

        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        if (fields.length <= STIME_INDEX) {
            throw new IllegalArgumentException("truncated /proc/PID/stat line, " + fields.length
                    + " fields after the command name: " + stat);
        }
        return Long.parseLong(fields[UTIME_INDEX]) + Long.parseLong(fields[STIME_INDEX]);
    }

    /** Returns the resident set size (the {@code VmRSS} line) of {@code /proc/PID/status} in bytes. */
    public static long residentBytes(String status) {
        Matcher matcher = VM_RSS.matcher(status);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no VmRSS line in /proc/PID/status, which is the case for a kernel thread or a zombie");
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }
}
