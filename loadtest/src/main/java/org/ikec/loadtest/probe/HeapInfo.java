package org.ikec.loadtest.probe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser for the output of {@code jcmd PID GC.heap_info} of OpenJDK 17, which differs by
 * collector. The used heap is the sum of every "used" figure on the heap's lines: one line for
 * G1 and ZGC, the young and the old generation for Serial and Parallel, and a "NK used" line
 * for Shenandoah. Metaspace and class space are not heap and are left out.
 */
public final class HeapInfo {

    /** "used 18275K" (G1, Serial, Parallel, ZGC) or "20480K used" (Shenandoah); "20% used" has no unit. */
    private static final Pattern USED = Pattern.compile("\\bused (\\d+)([KMG])\\b|\\b(\\d+)([KMG]) used\\b");

    private HeapInfo() {
    }

    /** Returns the used heap in bytes. */
    public static long usedBytes(String heapInfo) {
        long total = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }

            Matcher matcher = USED.matcher(line);
            while (matcher.find()) {
                String number = matcher.group(1) != null ? matcher.group(1) : matcher.group(3);
                String unit = matcher.group(2) != null ? matcher.group(2) : matcher.group(4);
                total += Long.parseLong(number) * unitBytes(unit);
                found = true;
            }
        }

        if (!found) {
            throw new IllegalArgumentException("no used heap size in the GC.heap_info output: " + heapInfo.strip());
        }
        return total;
    }

    private static long unitBytes(String unit) {
        return switch (unit) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            default -> throw new IllegalArgumentException("unknown size unit " + unit);
        };
    }
}
