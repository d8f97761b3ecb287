package org.ikec.loadtest.snmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs net-snmp's snmpbulkwalk once over jnxIkeTunnelTable with 50 repetitions per GETBULK. It
 * never passes {@code -Cc}, so snmpbulkwalk itself stops with "OID not increasing" when the agent
 * returns an OID that is not greater than the one before it.
 */
final class BulkWalkProcess {

    static final String PROGRAM = "snmpbulkwalk";
    static final int MAX_REPETITIONS = 50;
    /** How long the output readers may run on after the process ended or was killed. */
    private static final long DRAIN_MILLIS = 2_000;

    /**
     * The exit status and output of one snmpbulkwalk run.
     *
     * @param exitCode the exit status, or -1 when the walk timed out and the process was killed
     * @param nanos    the wall time from start to exit
     */
    record Outcome(int exitCode, boolean timedOut, String stdout, String stderr, long nanos) {
    }

    private final Path program;
    private final SnmpWalkSettings settings;

    BulkWalkProcess(Path program, SnmpWalkSettings settings) {
        this.program = program;
        this.settings = settings;
    }

    /** Finds snmpbulkwalk in the first directory of {@code searchPath} (colon-separated, as {@code PATH}) that has it. */
    static Optional<Path> locate(String path) {
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, PROGRAM);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    List<String> command() {
        return List.of(program.toString(), "-v2c", "-c", settings.community(), "-Cr" + MAX_REPETITIONS, "-On",
                settings.agentSpec(), TunnelTableCheck.IKE_TUNNEL_TABLE.toString().substring(1));
    }

    /** Runs one walk to its end or its timeout; a process that outlives the timeout is killed. */
    Outcome run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command()).start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = readAsync(process.getInputStream());
        CompletableFuture<String> stderr = readAsync(process.getErrorStream());

        boolean exited;
        try {
            exited = process.waitFor(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        long nanos = System.nanoTime() - started;
        if (!exited) {
            process.destroyForcibly();
            process.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        }

        return new Outcome(exited ? process.exitValue() : -1, !exited, drained(stdout), drained(stderr), nanos);
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        // A thread of its own per stream, because the common pool may have a single thread on a small machine.
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> {
            Thread reader = new Thread(task, "snmpbulkwalk-output");
            reader.setDaemon(true);
            reader.start();
        });
    }

    private static String drained(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }
}
