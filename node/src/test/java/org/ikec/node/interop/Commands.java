package org.ikec.node.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs short host commands (ip, iptables, swanctl) to completion with a time limit. */
final class Commands {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Commands() {
    }

    static CommandResult run(List<String> command) {
        return run(command, DEFAULT_TIMEOUT);
    }

    /**
     * Runs the command with standard input closed and waits for it. A command that outlives the
     * timeout is killed by its PID and reported as exit code -1.
     */
    static CommandResult run(List<String> command, Duration timeout) {
        Process process = startProcess(command);
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));

        boolean finished = waitFor(process, timeout);
        if (!finished) {
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(5));
        }

        String text = collect(output);
        int exitCode = finished ? process.exitValue() : -1;
        String note = finished ? "" : "\n(timed out after " + timeout.toSeconds() + " s and was killed)";
        return new CommandResult(command, exitCode, text + note);
    }

    private static Process startProcess(List<String> command) {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for a lab command", e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output could not be read: " + e.getMessage() + ")";
        }
    }

    private static String collect(CompletableFuture<String> output) {
        try {
            return output.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "(output could not be read: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while reading output)";
        }
    }
}
