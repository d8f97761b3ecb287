package org.ikec.snmp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.Locale;

import org.snmp4j.PDU;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.VariableBinding;

/**
 * Measures the CPU time the responder spends on one GETBULK request (max-repetitions 50) while it
 * walks one column of a 100,000-row jnxIkeTunnelTable in process, with no socket. Thread CPU time
 * leaves out the time the thread waits for a core, so the number stays comparable on a busy machine.
 * It covers building the response and computing its BER length, not encoding or sending it.
 *
 * <p>Usage: {@code GetBulkCpuTime [ROUNDS]}. Prints one line per walk of the column.
 */
public final class GetBulkCpuTime {

    private static final OID COLUMN = new OID("1.3.6.1.4.1.2636.3.22.1.2.1.1.3");
    private static final int ROWS = 100_000;
    private static final int MAX_REPETITIONS = 50;
    private static final int MAX_RESPONSE_OCTETS = 65_000;

    private GetBulkCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        SaRowStore rows = new SaRowStore(Clock.systemUTC());
        BenchGateway.fill(rows, ROWS);
        PduResponder responder = new PduResponder(new MibView(rows.tables()), new AgentCounters());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        for (int round = 1; round <= rounds; round++) {
            long started = threads.getCurrentThreadCpuTime();
            int requests = walkColumn(responder);
            long cpuNanos = threads.getCurrentThreadCpuTime() - started;

            System.out.printf(Locale.ROOT, "walk %d: %d requests, %.1f us CPU per request%n", round, requests,
                    cpuNanos / 1e3 / requests);
        }
    }

    /** Walks {@link #COLUMN} to its end with GETBULK and returns the number of requests. */
    private static int walkColumn(PduResponder responder) {
        OID cursor = COLUMN;
        int requests = 0;
        while (true) {
            PDU request = new PDU();
            request.setType(PDU.GETBULK);
            request.setMaxRepetitions(MAX_REPETITIONS);
            request.add(new VariableBinding(cursor));
            PDU response = new PDU();
            response.setType(PDU.RESPONSE);
            responder.respond(request, response, false, MAX_RESPONSE_OCTETS);
            requests++;

            VariableBinding last = response.get(response.size() - 1);
            if (last.isException() || !last.getOid().startsWith(COLUMN)) {
                return requests;
            }
            cursor = last.getOid();
        }
    }
}
