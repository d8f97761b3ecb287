package org.ikec.loadtest.snmp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks jnxIkeTunnelTable with snmpbulkwalk back to back on a thread of its own, from
 * {@link #start()} until {@link #stop()}, and checks and counts every walk.
 */
public final class TunnelTableWalker {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.loadtest.snmp");
    /** Failed walks logged one by one; later ones are only counted. */
    private static final int LOGGED_FAILURES = 5;

    private final BulkWalkProcess process;
    private final WalkTally tally;
    private final Thread thread;
    private volatile boolean stopping;

    private TunnelTableWalker(Path program, SnmpWalkSettings settings) {
        this.process = new BulkWalkProcess(program, settings);
        this.tally = new WalkTally(settings.agentText());
        this.thread = new Thread(this::walkUntilStopped, "snmp-walker");
        this.thread.setDaemon(true);
    }

    /**
     * Creates a walker for the agent in {@code settings} that runs the first snmpbulkwalk on its search path.
     *
     * @throws IOException when no directory of the search path contains an executable snmpbulkwalk
     */
    public static TunnelTableWalker create(SnmpWalkSettings settings) throws IOException {
        Optional<Path> program = BulkWalkProcess.locate(settings.searchPath());
        if (program.isEmpty()) {
            throw new IOException(BulkWalkProcess.PROGRAM + " not found on PATH; install net-snmp's command-line"
                    + " tools (the Debian package snmp) or leave out --snmp-walk");
        }
        return new TunnelTableWalker(program.get(), settings);
    }

    public void start() {
        LOG.info("walking jnxIkeTunnelTable at {} with {} -Cr{}", tally.summary().agent(), BulkWalkProcess.PROGRAM,
                BulkWalkProcess.MAX_REPETITIONS);
        thread.start();
    }

    /** Starts no further walk; the walk in progress goes on to its end or its timeout. */
    public void stop() {
        stopping = true;
    }

    /** Stops the loop and waits for the walk in progress to end. */
    public void stopAndJoin() throws InterruptedException {
        stop();
        thread.join();
    }

    public long walks() {
        return tally.walks();
    }

    public long walksFailed() {
        return tally.walksFailed();
    }

    public WalkSummary summary() {
        return tally.summary();
    }

    private void walkUntilStopped() {
        while (!stopping) {
            try {
                walkOnce();
            } catch (IOException | RuntimeException e) {
                tally.recordFailed(0, WalkFailure.WALKER_ERROR, "cannot run " + BulkWalkProcess.PROGRAM + ": " + e);
                LOG.error("stopped walking: cannot run {}", BulkWalkProcess.PROGRAM, e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void walkOnce() throws IOException, InterruptedException {
        BulkWalkProcess.Outcome outcome = process.run();

        TunnelTableCheck.Verdict verdict = judge(outcome);

        if (verdict.ok()) {
            tally.recordOk(outcome.nanos(), verdict.rows());
            return;
        }
        tally.recordFailed(outcome.nanos(), verdict.failure(), verdict.detail());
        long failed = tally.walksFailed();
        if (failed <= LOGGED_FAILURES) {
            LOG.warn("walk of jnxIkeTunnelTable failed ({}): {}", verdict.failure(), verdict.detail());
        }
        if (failed == LOGGED_FAILURES) {
            LOG.warn("further failed walks are only counted in the result");
        }
    }

    /** Classifies the outcome: net-snmp's own errors first, then the checks of the rows it printed. */
    static TunnelTableCheck.Verdict judge(BulkWalkProcess.Outcome outcome) {
        String firstError = outcome.stderr().lines().filter(line -> !line.isBlank()).findFirst().orElse("").strip();
        if (outcome.timedOut()) {
            return new TunnelTableCheck.Verdict(0, WalkFailure.TIMEOUT, "no end after "
                    + outcome.nanos() / 1_000_000 + " ms");
        }
        if (outcome.stderr().contains("OID not increasing")) {
            return new TunnelTableCheck.Verdict(0, WalkFailure.OID_NOT_INCREASING, firstError);
        }
        if (outcome.stderr().contains("Timeout: No Response")) {
            return new TunnelTableCheck.Verdict(0, WalkFailure.NO_RESPONSE, firstError);
        }
        if (outcome.exitCode() != 0) {
            return new TunnelTableCheck.Verdict(0, WalkFailure.EXIT_STATUS, "exit status " + outcome.exitCode()
                    + (firstError.isEmpty() ? "" : ": " + firstError));
        }
        return TunnelTableCheck.check(WalkOutput.parse(outcome.stdout()));
    }
}
