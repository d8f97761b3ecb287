package org.ikec.loadtest.snmp;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * Walks subtrees of an SNMPv2c agent with GETBULK (RFC 3416 §4.2.3), one request in flight, and
 * records each request's round trip, from send to the parsed response, in an HdrHistogram. The
 * client runs on the same host as the agent, so a round trip is the agent's time to respond plus
 * the loopback and the client's BER encoding and decoding.
 *
 * <p>Usage: {@code BulkWalk HOST PORT MAX_REPETITIONS SUBTREE...}. Prints one JSON object per
 * subtree on standard output, with an {@code error} field when the walk failed.
 */
public final class BulkWalk {

    /** Statistics of one walk, with latencies in milliseconds. */
    record Result(String subtree, long varbinds, int requests, double walkSeconds, double firstRequestMs,
                  double p50Ms, double p99Ms, double maxMs) {

        String toJson() {
            return String.format(Locale.ROOT,
                    "{\"subtree\": \"%s\", \"varbinds\": %d, \"requests\": %d, \"walk_s\": %.3f,"
                            + " \"first_request_ms\": %.3f, \"p50_request_ms\": %.3f, \"p99_request_ms\": %.3f,"
                            + " \"max_request_ms\": %.3f}",
                    subtree, varbinds, requests, walkSeconds, firstRequestMs, p50Ms, p99Ms, maxMs);
        }
    }

    private static final long TIMEOUT_MS = 5_000;
    private static final int MAX_REQUESTS = 200_000;
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Snmp snmp;
    private final CommunityTarget<UdpAddress> target;
    private final int maxRepetitions;

    private BulkWalk(Snmp snmp, CommunityTarget<UdpAddress> target, int maxRepetitions) {
        this.snmp = snmp;
        this.target = target;
        this.maxRepetitions = maxRepetitions;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: BulkWalk HOST PORT MAX_REPETITIONS SUBTREE...");
            System.exit(2);
        }
        CommunityTarget<UdpAddress> target = new CommunityTarget<>(
                new UdpAddress(args[0] + "/" + args[1]), new OctetString("public"));
        target.setVersion(SnmpConstants.version2c);
        target.setTimeout(TIMEOUT_MS);
        target.setRetries(0);

        try (Snmp snmp = new Snmp(new DefaultUdpTransportMapping())) {
            snmp.listen();
            BulkWalk walk = new BulkWalk(snmp, target, Integer.parseInt(args[2]));
            for (String subtree : List.of(args).subList(3, args.length)) {
                try {
                    System.out.println(walk.walk(new OID(subtree)).toJson());
                } catch (IOException e) {
                    System.out.println("{\"subtree\": \"" + subtree + "\", \"error\": \"" + e.getMessage() + "\"}");
                }
            }
        }
    }

    /** Walks {@code subtree} to its end. Throws on a timeout or an error status, where snmpbulkwalk would stop too. */
    Result walk(OID subtree) throws IOException {
        Histogram roundTrips = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        OID cursor = subtree;
        long varbinds = 0;
        long firstNanos = -1;
        long started = System.nanoTime();

        for (int request = 0; request < MAX_REQUESTS; request++) {
            PDU pdu = new PDU();
            pdu.setType(PDU.GETBULK);
            pdu.setMaxRepetitions(maxRepetitions);
            pdu.setNonRepeaters(0);
            pdu.add(new VariableBinding(cursor));

            long sent = System.nanoTime();
            ResponseEvent<UdpAddress> event = snmp.send(pdu, target);
            long nanos = System.nanoTime() - sent;
            roundTrips.recordValue(Math.min(nanos, HIGHEST_TRACKABLE_NANOS));
            if (firstNanos < 0) {
                firstNanos = nanos;
            }

            PDU response = event.getResponse();
            if (response == null) {
                throw new IOException("GETBULK from " + cursor + " timed out after " + TIMEOUT_MS + " ms");
            }
            if (response.getErrorStatus() != PDU.noError) {
                throw new IOException("GETBULK from " + cursor + " failed: " + response.getErrorStatusText());
            }
            for (VariableBinding binding : response.getVariableBindings()) {
                if (binding.isException() || !binding.getOid().startsWith(subtree)) {
                    return result(subtree, varbinds, request + 1, started, firstNanos, roundTrips);
                }
                if (binding.getOid().compareTo(cursor) <= 0) {
                    throw new IOException("OID not increasing: " + binding.getOid() + " after " + cursor);
                }
                cursor = binding.getOid();
                varbinds++;
            }
            if (response.size() == 0) {
                throw new IOException("empty GETBULK response after " + cursor);
            }
        }
        throw new IOException("walk of " + subtree + " did not end within " + MAX_REQUESTS + " requests");
    }

    private static Result result(OID subtree, long varbinds, int requests, long started, long firstNanos,
                                 Histogram roundTrips) {
        double walkSeconds = (System.nanoTime() - started) / 1e9;
        return new Result(subtree.toDottedString(), varbinds, requests, walkSeconds, firstNanos / 1e6,
                roundTrips.getValueAtPercentile(50) / 1e6, roundTrips.getValueAtPercentile(99) / 1e6,
                roundTrips.getMaxValue() / 1e6);
    }
}
