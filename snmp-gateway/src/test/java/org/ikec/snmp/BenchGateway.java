package org.ikec.snmp;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Serves a large synthetic jnxIkeTunnelTable for the walk benchmark in loadtest/snmp-bench.sh.
 * Each row is one established IKE SA with one CHILD SA, so it also adds one jnxIpSecTunnelTable and
 * one jnxIpSecSaTable row. Service sets, IPv4 peers and tunnel indexes come from a seeded random
 * generator, so every run serves the same rows.
 *
 * <p>Usage: {@code BenchGateway ROWS PORT REPORT_FILE [WARMUP_REQUESTS]}. Once the rows are in, it writes the port
 * and the used heap after a full GC, measured with and without the rows through
 * {@link MemoryMXBean}, to REPORT_FILE as JSON, then serves until its process is stopped. On
 * SIGTERM it writes the agent's own time per request (from the decoded request to the response
 * handed to the socket) to REPORT_FILE.requests.json, over every request it served after the
 * first WARMUP_REQUESTS (default 0), which let the JIT compiler finish with the request path.
 */
public final class BenchGateway {

    private static final List<String> SERVICE_SETS = List.of("remote-access", "branch", "partners", "lab-east");
    private static final long SEED = 20_260_101L;
    private static final int GC_ROUNDS = 3;
    private static final long HIGHEST_TRACKABLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private BenchGateway() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: BenchGateway ROWS PORT REPORT_FILE [WARMUP_REQUESTS]");
            System.exit(2);
        }
        int rowCount = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        Path report = Path.of(args[2]);
        long warmupRequests = args.length == 4 ? Long.parseLong(args[3]) : 0;

        SnmpGateway gateway = SnmpGateway.start(new AgentSettings("127.0.0.1", port, "public", List.of()),
                "bench-gateway");
        Histogram requestNanos = new SynchronizedHistogram(HIGHEST_TRACKABLE_NANOS, 3);
        AtomicLong requests = new AtomicLong();
        gateway.timeRequests(nanos -> {
            if (requests.incrementAndGet() > warmupRequests) {
                requestNanos.recordValue(nanos);
            }
        });
        Path requestReport = report.resolveSibling(report.getFileName() + ".requests.json");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> writeRequestTimes(requestNanos, requestReport)));
        long emptyHeap = usedHeapAfterGc();

        long fillStarted = System.nanoTime();
        fill(gateway.rows(), rowCount);
        double fillSeconds = (System.nanoTime() - fillStarted) / 1e9;
        long fullHeap = usedHeapAfterGc();

        String json = String.format(Locale.ROOT,
                "{\"port\": %d, \"rows\": %d, \"fill_s\": %.3f, \"heap_empty_bytes\": %d, \"heap_full_bytes\": %d,"
                        + " \"heap_bytes_per_row\": %d}%n",
                gateway.port(), gateway.rows().size(), fillSeconds, emptyHeap, fullHeap,
                (fullHeap - emptyHeap) / Math.max(1, rowCount));
        Path partial = report.resolveSibling(report.getFileName() + ".tmp");
        Files.writeString(partial, json, StandardCharsets.UTF_8);
        Files.move(partial, report, StandardCopyOption.ATOMIC_MOVE);

        Thread.currentThread().join();
    }

    private static void writeRequestTimes(Histogram nanos, Path file) {
        String json = String.format(Locale.ROOT,
                "{\"requests\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"p999_ms\": %.3f, \"max_ms\": %.3f}%n",
                nanos.getTotalCount(), nanos.getValueAtPercentile(50) / 1e6, nanos.getValueAtPercentile(99) / 1e6,
                nanos.getValueAtPercentile(99.9) / 1e6, nanos.getMaxValue() / 1e6);
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            System.err.println("writing " + file + " failed: " + e.getMessage());
        }
    }

    /** Puts {@code count} distinct SAs into {@code rows}, spread over the service sets and two nodes. */
    static void fill(SaRowStore rows, int count) {
        Random random = new Random(SEED);
        Set<Integer> tunnelIndexes = new HashSet<>();
        for (int n = 0; n < count; n++) {
            int tunnelIndex = 1 + random.nextInt(Integer.MAX_VALUE - 1);
            if (!tunnelIndexes.add(tunnelIndex)) {
                n--;
                continue;
            }
            int peer = random.nextInt(1 << 24);
            String remote = "10." + (peer >>> 16) + "." + (peer >>> 8 & 0xff) + "." + (peer & 0xff) + ":4500";
            String serviceSet = SERVICE_SETS.get(random.nextInt(SERVICE_SETS.size()));
            String node = n % 2 == 0 ? "node-a" : "node-b";
            rows.put(node, TestSas.sa(String.format("%016x", n + 1L), serviceSet, remote, tunnelIndex));
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int round = 0; round < GC_ROUNDS; round++) {
            memory.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
