package org.ikec.loadtest.engine;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

import org.HdrHistogram.Histogram;
import org.ikec.loadtest.snmp.TunnelTableWalker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one load test. It binds the source pairs, starts the event loops and samples the counters
 * once a second for the timeline and the progress line. It ends the run when the scenario is
 * complete or the duration is over, deletes the IKE SAs and collects the result.
 */
public final class LoadRun {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.loadtest");
    private static final long POLL_MILLIS = 20;
    /** How long a signal's shutdown waits, beyond the delete timeout, for the result to be written. */
    private static final long RESULT_AFTER_SIGNAL_SECONDS = 60;
    /** How long the simultaneous scenario waits after the last SA came up, for late IKE SAs of either side. */
    private static final long SIMULTANEOUS_SETTLE_MILLIS = 1_000;
    private static final Duration MANAGEMENT_TIMEOUT = Duration.ofSeconds(5);

    private final LoadPlan plan;
    private final PrintWriter progressOut;
    private final boolean terminal;
    private final RunCounters counters = new RunCounters();
    /** Set by SIGTERM or SIGINT: the run ends as if its time were up, and its result is still written. */
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    /** Counted down once the caller wrote the result, so a signal's shutdown waits for the file. */
    private final CountDownLatch resultReported = new CountDownLatch(1);

    public LoadRun(LoadPlan plan, PrintWriter progressOut, boolean terminal) {
        this.plan = plan;
        this.progressOut = progressOut;
        this.terminal = terminal;
    }

    /**
     * Runs the test to its end.
     *
     * @throws IOException when a source address and port cannot be bound, or SNMP walks are asked for
     *     and snmpbulkwalk is not on {@code PATH}; nothing is left running then
     */
    public RunResult run() throws IOException, InterruptedException {
        JitWarmUp.Handshakes warmUp = JitWarmUp.run(plan);
        if (!plan.jitWarmup().isZero()) {
            LOG.info("warmed up the JIT compiler for {} s: {} handshakes in memory, {} against a local responder",
                    plan.jitWarmup().toMillis() / 1000.0, warmUp.inMemory(), warmUp.storm());
        }
        TunnelTableWalker walker = plan.snmpWalk() == null ? null : TunnelTableWalker.create(plan.snmpWalk());
        List<Endpoint> endpoints = bindEndpoints();
        SimultaneousTally tally = plan.scenario() == Scenario.SIMULTANEOUS ? new SimultaneousTally(plan.sas()) : null;
        ClientProfiles profiles = new ClientProfiles(plan, endpoints);
        VirtualIpTally virtualIps = plan.virtualIp() == VirtualIpRequest.NONE ? null : new VirtualIpTally(plan.virtualIp());

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long cpuBefore = processCpuNanos();
        CountDownLatch warmedUp = new CountDownLatch(Math.min(plan.threads(), endpoints.size()));
        List<EventLoop> loops = createLoops(endpoints, profiles, tally, warmedUp, virtualIps);
        List<Thread> threads = new ArrayList<>();
        for (EventLoop loop : loops) {
            Thread thread = new Thread(loop);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        Thread interrupted = new Thread(() -> onSignal(loops, threads), "loadtest-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        while (!warmedUp.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (loops.stream().anyMatch(EventLoop::isDone) || stopRequested.get()) {
                break;
            }
        }

        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        GcPauses gcPauses = GcPauses.start(plan.latencyWarmup());
        if (!plan.latencyWarmup().isZero()) {
            counters.measureLatencyFrom(startNanos + plan.latencyWarmup().toNanos());
        }
        loops.forEach(loop -> loop.begin(startNanos));
        if (walker != null) {
            walker.start();
        }
        Map<String, String> initiateErrors = tally == null ? Map.of() : initiateAtTarget();

        Sampler sampler = new Sampler(startNanos, walker);
        long endNanos = startNanos + plan.duration().toNanos();
        long settledSinceNanos = Long.MIN_VALUE;
        while (System.nanoTime() - endNanos < 0 && !stopRequested.get()) {
            Thread.sleep(POLL_MILLIS);
            sampler.sample(System.nanoTime());
            if (loops.stream().allMatch(EventLoop::isDone)) {
                break;
            }
            boolean allSettled = loops.stream().allMatch(EventLoop::allStarted) && counters.inFlight.get() == 0;
            if (plan.scenario() == Scenario.STORM && allSettled) {
                break;
            }
            if (tally != null && allSettled && tally.established() == tally.started()
                    && tally.startedByTarget() >= plan.connections().size() - initiateErrors.size()) {
                settledSinceNanos = settledSinceNanos == Long.MIN_VALUE ? System.nanoTime() : settledSinceNanos;
                if (System.nanoTime() - settledSinceNanos >= TimeUnit.MILLISECONDS.toNanos(SIMULTANEOUS_SETTLE_MILLIS)) {
                    break;
                }
            } else {
                settledSinceNanos = Long.MIN_VALUE;
            }
        }
        loops.forEach(EventLoop::closeStarts);
        if (walker != null) {
            walker.stop();
        }
        sampler.sample(System.nanoTime());

        GcPauses.Summary gcPausesSummary = gcPauses.stop();
        long heldBeforeStop = counters.held.get();
        long heapBytesPerSa = 0;
        if (heldBeforeStop > 0) {
            memory.gc();
            heapBytesPerSa = Math.max(0, memory.getHeapMemoryUsage().getUsed() - heapBefore) / heldBeforeStop;
        }
        stopLoops(loops, threads);
        removeShutdownHook(interrupted);
        if (walker != null) {
            walker.stopAndJoin();
        }
        if (counters.sendDrops.sum() > 0) {
            LOG.warn("{} datagrams were not sent because a socket's send buffer was full; the protocol's"
                    + " retransmissions covered them only with --retransmit", counters.sendDrops.sum());
        }
        double durationS = (System.nanoTime() - startNanos) / 1e9;
        sampler.finish(System.nanoTime());
        double cpuS = (processCpuNanos() - cpuBefore) / 1e9;

        return new RunResult(plan, startedAt, durationS, totals(), counters.failuresByReason(), establishedPerSecond(),
                sampler.peakEstablishedPerSecond(), sampler.latency(), sampler.timeline(), cpuS, heapBytesPerSa,
                gcPausesSummary, loops.size(), simultaneous(tally, initiateErrors),
                walker == null ? null : walker.summary(), virtualIps == null ? null : virtualIps.summary());
    }

    /**
     * Stops the loops and waits for their deletes, at most the delete timeout. A shutdown hook runs
     * it too, so that Ctrl-C or SIGTERM deletes the IKE SAs held; no result is written then.
     */
    /**
     * Ends the run early on SIGTERM or SIGINT: the main thread stops starting, ends its clients
     * as at the end of the run, and its caller writes the result, while the JVM's shutdown waits
     * here. If that takes too long, the clients are stopped from here and no result is written.
     */
    private void onSignal(List<EventLoop> loops, List<Thread> threads) {
        stopRequested.set(true);
        progressOut.println();
        progressOut.println("run: stopping early on a signal; the result covers the run so far");
        progressOut.flush();
        try {
            long waitSeconds = plan.deleteTimeout().toSeconds() + RESULT_AFTER_SIGNAL_SECONDS;
            if (resultReported.await(waitSeconds, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopLoops(loops, threads);
    }

    /** Tells a signal's shutdown that the caller wrote the result, so the JVM may exit. */
    public void resultReported() {
        resultReported.countDown();
    }

    /** Returns whether a signal ended the run before its time was up. */
    public boolean stoppedBySignal() {
        return stopRequested.get();
    }

    private void stopLoops(List<EventLoop> loops, List<Thread> threads) {
        long deadline = System.nanoTime() + plan.deleteTimeout().toNanos();
        for (EventLoop loop : loops) {
            loop.stop(plan.deleteAtEnd(), deadline);
        }
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down, and the hook is stopping the loops.
        }
    }

    private List<Endpoint> bindEndpoints() throws IOException {
        // In JDK 17 the first close of a datagram channel initializes a class that opens a
        // descriptor of its own (FileDispatcherImpl). Close one now, while descriptors are free, so
        // that closing the bound ones after a bind failed for lack of them does not fail as well.
        DatagramChannel.open().close();

        List<Endpoint> endpoints = new ArrayList<>();
        List<InetAddress> addresses = plan.sources().addresses();
        int pairs = OpenFileLimit.sourcePairs(plan);
        try {
            for (int pair = 0; pair < pairs; pair++) {
                InetAddress address = addresses.get(pair % addresses.size());
                int portOffset = pair / addresses.size();
                InetSocketAddress ike = new InetSocketAddress(address, plan.sourcePorts().first() + portOffset);
                InetSocketAddress nat = plan.natT() ? new InetSocketAddress(address, plan.sourceNatPort() + portOffset) : null;
                endpoints.add(Endpoint.bind(pair, ike, nat));
            }
        } catch (IOException e) {
            endpoints.forEach(Endpoint::close);
            throw e;
        }
        return endpoints;
    }

    /** Gives every loop every {@code threads}-th source pair and the client numbers that send from them. */
    private List<EventLoop> createLoops(List<Endpoint> endpoints, ClientProfiles profiles, SimultaneousTally tally,
                                        CountDownLatch warmedUp, VirtualIpTally virtualIps) throws IOException {
        int loopCount = Math.min(plan.threads(), endpoints.size());
        List<EventLoop> loops = new ArrayList<>();
        for (int index = 0; index < loopCount; index++) {
            List<Endpoint> own = new ArrayList<>();
            for (int pair = index; pair < endpoints.size(); pair += loopCount) {
                own.add(endpoints.get(pair));
            }
            List<Integer> slots = new ArrayList<>();
            for (int number = 1; number <= plan.sas(); number++) {
                if ((number - 1) % endpoints.size() % loopCount == index) {
                    slots.add(number);
                }
            }
            double rate = plan.ratePerSecond() / loopCount;
            int concurrency = Math.max(1, plan.concurrency() / loopCount);
            int deleteWindow = Math.max(1, plan.deleteWindow() / loopCount);
            LongFunction<StartSchedule> schedule = startNanos -> plan.openLoop()
                    ? new StartSchedule.OpenLoop(rate, startNanos) : new StartSchedule.ClosedLoop(concurrency);
            loops.add(new EventLoop(index, plan, counters, profiles, tally, own, endpoints.size(), slots, schedule,
                    deleteWindow, warmedUp, virtualIps));
        }
        return loops;
    }

    /**
     * Asks the target to initiate each named connection through its management API, all at once;
     * returns the errors by connection name.
     */
    private Map<String, String> initiateAtTarget() {
        Map<String, String> errors = new TreeMap<>();
        if (plan.management() == null) {
            return errors;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(MANAGEMENT_TIMEOUT).build();
        Map<String, CompletableFuture<HttpResponse<String>>> calls = new TreeMap<>();
        for (String connection : plan.connections()) {
            URI uri = URI.create("http://" + plan.management().getAddress().getHostAddress() + ":"
                    + plan.management().getPort() + "/connections/" + connection + "/initiate");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(MANAGEMENT_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            calls.put(connection, client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        calls.forEach((connection, call) -> {
            try {
                HttpResponse<String> response = call.join();
                if (response.statusCode() / 100 != 2) {
                    errors.put(connection, "HTTP " + response.statusCode() + ": " + response.body().strip());
                }
            } catch (RuntimeException e) {
                errors.put(connection, e.getCause() == null ? e.toString() : e.getCause().toString());
            }
        });
        errors.forEach((connection, error) -> LOG.warn("the target did not initiate connection {}: {}", connection, error));
        return errors;
    }

    private Totals totals() {
        return new Totals(counters.attempted.sum(), counters.established.sum(), counters.failed.sum(),
                counters.retransmissions.sum(), counters.deleted.sum(), counters.rekeysChild.sum(),
                counters.rekeysIke.sum(), counters.livenessChecks.sum(), counters.cookies.sum(),
                counters.invalidKeRetries.sum(), counters.held.get());
    }

    private double establishedPerSecond() {
        long established = counters.established.sum();
        long span = counters.lastEstablishedNanos() - counters.firstStartNanos();
        return established == 0 || span <= 0 ? 0 : established / (span / 1e9);
    }

    private static RunResult.Simultaneous simultaneous(SimultaneousTally tally, Map<String, String> initiateErrors) {
        if (tally == null) {
            return null;
        }
        return new RunResult.Simultaneous(tally.peers(), tally.sasPerPeer(), tally.allEstablished(),
                tally.started() - tally.startedByTarget(), tally.startedByTarget(), initiateErrors);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Samples the counters once a second for the timeline, and every progress interval for the progress line. */
    private final class Sampler {

        private final long startNanos;
        private final TunnelTableWalker walker;
        private final Histogram total = new Histogram(RunCounters.MAX_LATENCY_MICROS, 3);
        private final List<TimelinePoint> timeline = new ArrayList<>();
        private final ProgressLine progress = new ProgressLine(progressOut, terminal);
        private long nextSecond = 1;
        private long nextProgressNanos;
        private long lastEstablished;
        private long lastFailed;
        private long lastRetransmissions;
        private long lastProgressEstablished;
        private long lastProgressNanos;

        Sampler(long startNanos, TunnelTableWalker walker) {
            this.startNanos = startNanos;
            this.walker = walker;
            this.nextProgressNanos = startNanos + plan.progressInterval().toNanos();
            this.lastProgressNanos = startNanos;
        }

        void sample(long nowNanos) {
            while (nowNanos - (startNanos + TimeUnit.SECONDS.toNanos(nextSecond)) >= 0) {
                addSecond(nextSecond++);
            }
            if (!plan.progressInterval().isZero() && nowNanos - nextProgressNanos >= 0) {
                showProgress(nowNanos);
                nextProgressNanos += plan.progressInterval().toNanos();
            }
        }

        /** Closes the timeline with the partial last second and ends the progress line. */
        void finish(long nowNanos) {
            sample(nowNanos);
            addSecond(nextSecond);
            showProgress(nowNanos);
            progress.finish();
        }

        private void addSecond(long second) {
            Histogram interval = counters.takeLatencyInterval();
            total.add(interval);
            long established = counters.established.sum();
            long retransmissions = counters.retransmissions.sum();
            long failed = counters.failed.sum();
            timeline.add(new TimelinePoint(second, established - lastEstablished, established, failed - lastFailed,
                    counters.inFlight.get(), counters.held.get(), retransmissions - lastRetransmissions,
                    interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1000.0));
            lastEstablished = established;
            lastFailed = failed;
            lastRetransmissions = retransmissions;
        }

        private void showProgress(long nowNanos) {
            long established = counters.established.sum();
            double seconds = (nowNanos - lastProgressNanos) / 1e9;
            double rate = seconds > 0 ? (established - lastProgressEstablished) / seconds : 0;
            lastProgressEstablished = established;
            lastProgressNanos = nowNanos;
            String line = ProgressLine.format((nowNanos - startNanos) / 1e9, established, rate, counters.inFlight.get(),
                    counters.held.get(), counters.failed.sum(), counters.retransmissions.sum(),
                    total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(50) / 1000.0,
                    total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(99) / 1000.0);
            if (walker != null) {
                line += ProgressLine.formatWalks(walker.walks(), walker.walksFailed());
            }
            progress.show(line);
        }

        long peakEstablishedPerSecond() {
            return timeline.stream().mapToLong(TimelinePoint::established).max().orElse(0);
        }

        Histogram latency() {
            return total;
        }

        List<TimelinePoint> timeline() {
            return timeline;
        }
    }
}
