package org.ikec.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the generator in a child JVM against a loopback port where nothing listens, sends it
 * SIGTERM while its clients wait for responses, and checks that it still writes its result.
 */
class SignalStopProcessTest {

    @TempDir
    Path dir;

    @Test
    void sigtermStillWritesResult() throws Exception {
        Path out = dir.resolve("result.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "org.ikec.loadtest.cli.LoadTestMain", "run", "--target", "127.0.0.1:9", "--sas", "100",
                "--concurrency", "4", "--duration-s", "300", "--sources", "127.1.0.200",
                "--source-ports", "40100-40103", "--psk-env", "LOADTEST_PSK", "--progress-s", "1",
                "--out", out.toString()));
        builder.environment().put("LOADTEST_PSK", "signal-stop-test-psk");
        Process process = builder.start();
        CountDownLatch progressSeen = new CountDownLatch(1);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readLines(process, progressSeen));

        assertThat(progressSeen.await(60, TimeUnit.SECONDS)).as("a progress line on stderr").isTrue();
        // SIGTERM through the handle: Process.destroy() would also close the streams read here.
        process.toHandle().destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the generator exits after SIGTERM").isTrue();
        String stderr = err.get(10, TimeUnit.SECONDS);
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode result = new ObjectMapper().readTree(out.toFile());

        assertThat(process.exitValue()).as(stderr).isEqualTo(143);
        assertThat(stderr).contains("run: stopping early on a signal; the result covers the run so far");
        assertThat(stderr).containsPattern("run: stopped by a signal after \\d+ s; result written to ");
        assertThat(stdout).containsPattern("(?m)^attempted \\d+, established 0, failed ");
        assertThat(result.path("totals").path("attempted").asLong()).isPositive();
        assertThat(result.path("totals").path("established").asLong()).isZero();
        assertThat(result.path("duration_s").asDouble()).isLessThan(120);
        assertThat(Files.size(out)).isPositive();
    }

    @Test
    void sigtermDuringJitWarmUp() throws Exception {
        try (DatagramChannel target = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            target.configureBlocking(false);
            int port = ((InetSocketAddress) target.getLocalAddress()).getPort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "org.ikec.loadtest.cli.LoadTestMain", "run", "--target", "127.0.0.1:" + port, "--sas", "100",
                    "--concurrency", "4", "--duration-s", "300", "--sources", "127.1.0.201",
                    "--source-ports", "40110-40113", "--psk-env", "LOADTEST_PSK", "--jit-warmup-s", "40",
                    "--out", dir.resolve("result.json").toString()));
            builder.environment().put("LOADTEST_PSK", "signal-stop-test-psk");
            builder.redirectErrorStream(true);
            Process process = builder.start();
            CountDownLatch stormStarted = new CountDownLatch(1);
            CompletableFuture<String> output = CompletableFuture.supplyAsync(
                    () -> readLines(process.getInputStream(), "against a local responder", stormStarted));

            String text;
            try {
                // The first quarter of the warm-up runs in memory, the rest is a storm over sockets.
                assertThat(stormStarted.await(60, TimeUnit.SECONDS)).as("the warm-up storm's log line").isTrue();
                Thread.sleep(2_000);
                process.toHandle().destroy();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the generator exits after SIGTERM").isTrue();
                text = output.get(10, TimeUnit.SECONDS);
            } finally {
                process.destroyForcibly();
            }

            assertThat(process.exitValue()).as(text).isEqualTo(143);
            assertThat(text).contains("run: stopped by a signal during the JIT warm-up, before anything was sent"
                    + " to the target");
            assertThat(target.receive(ByteBuffer.allocate(2048))).as("a datagram at the target").isNull();
            assertThat(dir.resolve("result.json")).doesNotExist();
        }
    }

    private static String readLines(Process process, CountDownLatch progressSeen) {
        return readLines(process.getErrorStream(), "established", progressSeen);
    }

    /** Reads {@code stream} to its end and counts {@code seen} down at the first line containing {@code text}. */
    private static String readLines(InputStream stream, String text, CountDownLatch seen) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .peek(line -> {
                        if (line.contains(text)) {
                            seen.countDown();
                        }
                    })
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
