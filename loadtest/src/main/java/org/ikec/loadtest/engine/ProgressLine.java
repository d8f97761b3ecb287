package org.ikec.loadtest.engine;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live progress line on stderr. On a terminal it rewrites one line with a carriage return;
 * into a file or pipe it writes one line each time.
 */
final class ProgressLine {

    private final PrintWriter out;
    private final boolean terminal;
    private boolean written;

    ProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static String format(double elapsedS, long established, double establishedPerS, long inFlight, long held,
                         long failed, long retransmissions, double p50Ms, double p99Ms) {
        return String.format(Locale.ROOT,
                "%7.1fs established %d (%.0f/s) in-flight %d held %d failed %d retransmissions %d p50 %.1f ms p99 %.1f ms",
                elapsedS, established, establishedPerS, inFlight, held, failed, retransmissions, p50Ms, p99Ms);
    }

    /** Formats the SNMP walk counts that follow the line when walks run beside the load. */
    static String formatWalks(long walks, long walksFailed) {
        return String.format(Locale.ROOT, " walks %d (%d failed)", walks, walksFailed);
    }

    void show(String line) {
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
        written = true;
    }

    /** Ends the rewritten line, so later output starts on a line of its own. */
    void finish() {
        if (terminal && written) {
            out.println();
            out.flush();
        }
    }
}
