package org.ikec.loadtest.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Samples the CPU time, resident memory and, for a JVM, the heap in use of a running process on
 * Linux. CPU time and memory come from {@code /proc/PID/stat} and {@code /proc/PID/status}. The
 * heap comes from {@code jcmd}, which attaches to the JVM through its attach mechanism, so the
 * target needs no start-up flag. It must run as the same user as the probe, or the probe as root.
 */
public final class TargetProbe {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path proc;
    private final Clock clock;

    /** Clock ticks per second, the unit of utime and stime (sysconf(_SC_CLK_TCK)). */
    private final long ticksPerSecond;

    private TargetProbe(Path proc, Clock clock, long ticksPerSecond) {
        this.proc = proc;
        this.clock = clock;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Creates a probe of this machine's {@code /proc}, asking {@code getconf CLK_TCK} for the tick rate. */
    public static TargetProbe create() {
        String ticks = run(List.of("getconf", "CLK_TCK")).strip();
        try {
            return new TargetProbe(Path.of("/proc"), Clock.systemUTC(), Long.parseLong(ticks));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("getconf CLK_TCK printed '" + ticks + "', not a number", e);
        }
    }

    public long ticksPerSecond() {
        return ticksPerSecond;
    }

    /**
     * Samples process {@code pid}: first its CPU time, so that the collections below do not count
     * in it. With {@code fullGc} the process must be a JVM: the probe then runs two full
     * collections ({@code jcmd PID GC.run}) and reads the heap in use ({@code jcmd PID
     * GC.heap_info}). One collection is not enough: after a storm of 20,000 SAs a node's heap
     * held 138 MB after the first and 85 MB after the second and third. Most likely those are
     * objects that wait for a finalizer or a cleaner, which only the next collection frees. The
     * resident set is read last.
     */
    public ProbeSample sample(long pid, boolean fullGc) {
        long ticks = ProcText.cpuTicks(read(pid, "stat"));

        OptionalLong heapUsed = OptionalLong.empty();
        if (fullGc) {
            run(List.of("jcmd", Long.toString(pid), "GC.run"));
            run(List.of("jcmd", Long.toString(pid), "GC.run"));
            heapUsed = OptionalLong.of(HeapInfo.usedBytes(run(List.of("jcmd", Long.toString(pid), "GC.heap_info"))));
        }

        long resident = ProcText.residentBytes(read(pid, "status"));
        return new ProbeSample(pid, (double) ticks / ticksPerSecond, resident, heapUsed, clock.instant());
    }

    private String read(long pid, String file) {
        Path path = proc.resolve(Long.toString(pid)).resolve(file);
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no process with PID " + pid + " (" + path + " not found)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + path, e);
        }
    }

    /** Runs a command and returns its standard output, failing when it exits with an error or times out. */
    static String run(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start " + String.join(" ", command), e);
        }

        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out after " + COMMAND_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the output of " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
