package org.ikec.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load runs against a real node in this JVM, through the command line as a user runs them. */
class LoadRunTest {

    private static InProcessNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() throws Exception {
        node = InProcessNode.start("");
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private JsonNode run(String pskText, String... options) throws Exception {
        return runExpecting(0, pskText, options);
    }

    /** Runs the generator against the node and returns its result file, checking the exit status. */
    private JsonNode runExpecting(int expectedStatus, String pskText, String... options) throws Exception {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, pskText + "\n");
        Path out = dir.resolve("result.json");
        List<String> args = new ArrayList<>(List.of("run", "--target", node.target(), "--psk-file", psk.toString(),
                "--out", out.toString(), "--progress-s", "0"));
        args.addAll(List.of(options));
        StringWriter err = new StringWriter();
        int status = LoadTestMain.run(args.toArray(String[]::new), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(status).as("exit status; stderr: %s", err).isEqualTo(expectedStatus);
        return new ObjectMapper().readTree(out.toFile());
    }

    @Test
    void stormEstablishesEverySa() throws Exception {
        JsonNode result = run(InProcessNode.PSK, "--scenario", "storm", "--sas", "200", "--concurrency", "20",
                "--sources", "127.1.1.1-127.1.1.8", "--source-ports", "41000-41001", "--duration-s", "25");

        assertThat(result.path("scenario").asText()).isEqualTo("storm");
        assertThat(result.path("targets").get(0).asText()).isEqualTo(node.target());
        assertThat(result.path("proposal").asText()).isEqualTo("aes256gcm16-prfsha256-x25519");
        assertThat(result.path("esp_proposal").asText()).isEqualTo("aes256gcm16");
        JsonNode totals = result.path("totals");
        assertThat(totals.path("attempted").asLong()).isEqualTo(200);
        assertThat(totals.path("established").asLong()).isEqualTo(200);
        assertThat(totals.path("failed").asLong()).isEqualTo(0);
        assertThat(totals.path("deleted").asLong()).isEqualTo(200);
        assertThat(totals.path("held_at_end").asLong()).isEqualTo(0);
        assertThat(result.path("failures").size()).isEqualTo(0);
        assertThat(result.path("latency_ms").path("count").asLong()).isEqualTo(200);
        assertThat(result.path("latency_ms").path("p99").asDouble()).isGreaterThan(0);
        assertThat(result.path("latency_percentiles").size()).isBetween(10, 60);
        assertThat(result.path("latency_percentiles").get(0).path("percentile").asDouble()).isEqualTo(0.0);
        assertThat(result.path("established_per_s").asDouble()).isGreaterThan(0);
        assertThat(result.path("peak_established_per_s").asLong()).isGreaterThan(0);
        assertThat(result.path("timeline").get(0).has("p99_ms")).isTrue();
        long timelineTotal = 0;
        for (JsonNode second : result.path("timeline")) {
            timelineTotal += second.path("established").asLong();
        }
        assertThat(timelineTotal).isEqualTo(200);
        assertThat(result.path("generator").path("threads").asInt()).isEqualTo(1);
        assertThat(result.path("generator").path("heap_bytes_per_sa").asLong()).isGreaterThan(0);
        JsonNode gcPauses = result.path("generator").path("gc_pauses");
        assertThat(gcPauses.path("count").isIntegralNumber()).isTrue();
        assertThat(gcPauses.path("max_ms").asLong()).isBetween(0L, gcPauses.path("total_ms").asLong());
        assertThat(result.path("options").path("concurrency").asInt()).isEqualTo(20);
        assertThat(result.path("options").has("psk-file")).isTrue();
        assertThat(result.toString()).doesNotContain(InProcessNode.PSK);
        assertThat(result.has("simultaneous")).isFalse();
        assertThat(node.saCount()).isEqualTo(0);
    }

    /**
     * The final deletes go out a window at a time. A node whose UDP receive buffer is the smallest
     * it accepts (64 KiB, which the kernel doubles) takes 32 deletes in flight without losing one,
     * so no delete is retransmitted and the node's kernel drops stay at zero.
     */
    @Test
    void finalDeletesStayWithinWindow() throws Exception {
        try (InProcessNode smallBuffer = InProcessNode.start("", "ikec.listen.receive-buffer = 64KiB")) {
            Path psk = dir.resolve("psk");
            Files.writeString(psk, InProcessNode.PSK + "\n");
            Path out = dir.resolve("window.json");
            StringWriter err = new StringWriter();

            int status = LoadTestMain.run(new String[] {"run", "--target", smallBuffer.target(), "--psk-file",
                    psk.toString(), "--out", out.toString(), "--progress-s", "0", "--scenario", "storm", "--sas", "1500",
                    "--concurrency", "32", "--delete-window", "32", "--delete-timeout-s", "30", "--retransmit",
                    "--sources", "127.1.9.1-127.1.9.8", "--source-ports", "41090-41099", "--duration-s", "60"},
                    new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

            assertThat(status).as("exit status; stderr: %s", err).isZero();
            JsonNode totals = new ObjectMapper().readTree(out.toFile()).path("totals");
            assertThat(totals.path("established").asLong()).isEqualTo(1500);
            assertThat(totals.path("deleted").asLong()).isEqualTo(1500);
            assertThat(totals.path("held_at_end").asLong()).isZero();
            assertThat(totals.path("retransmissions").asLong()).isZero();
            assertThat(smallBuffer.saCount()).isZero();
            JsonNode counters = smallBuffer.health().path("counters");
            assertThat(counters.has("dropped.receive_buffer_full")).isTrue();
            assertThat(counters.path("dropped.receive_buffer_full").asLong()).isZero();
        }
    }

    @Test
    void wrongPskFailsWithAuthenticationFailed() throws Exception {
        // No SA established: the run exits with status 1.
        JsonNode result = runExpecting(1, "not the secret", "--scenario", "storm", "--sas", "10", "--concurrency", "5",
                "--sources", "127.1.2.1", "--source-ports", "41010", "--duration-s", "20");

        assertThat(result.path("totals").path("established").asLong()).isEqualTo(0);
        assertThat(result.path("totals").path("failed").asLong()).isEqualTo(10);
        assertThat(result.path("failures").path("AUTHENTICATION_FAILED").asLong()).isEqualTo(10);
        long timelineFailed = 0;
        for (JsonNode second : result.path("timeline")) {
            timelineFailed += second.path("failed").asLong();
        }
        assertThat(timelineFailed).isEqualTo(10);
    }

    @Test
    void churnDeletesAndReplaces() throws Exception {
        JsonNode result = run(InProcessNode.PSK, "--scenario", "churn", "--sas", "20", "--concurrency", "10",
                "--hold-s", "1", "--sources", "127.1.3.1-127.1.3.4", "--source-ports", "41020", "--duration-s", "4");

        JsonNode totals = result.path("totals");
        assertThat(totals.path("deleted").asLong()).isGreaterThan(20);
        assertThat(totals.path("attempted").asLong()).isGreaterThan(20);
        assertThat(totals.path("failed").asLong()).isEqualTo(0);
        assertThat(totals.path("held_at_end").asLong()).isEqualTo(0);
        assertThat(totals.path("deleted").asLong()).isEqualTo(totals.path("established").asLong());
        assertThat(node.saCount()).isEqualTo(0);
    }

    @Test
    void openLoopMeasuresFromIntendedStart() throws Exception {
        JsonNode result = run(InProcessNode.PSK, "--scenario", "storm", "--sas", "60", "--rate", "40",
                "--sources", "127.1.4.1-127.1.4.4", "--source-ports", "41030", "--duration-s", "20");

        JsonNode totals = result.path("totals");
        assertThat(totals.path("established").asLong()).isEqualTo(60);
        assertThat(result.path("latency_ms").path("count").asLong()).isEqualTo(60);
        // 60 starts at 40/s take 1.5 s, so the rate from the first intended start stays near 40/s.
        assertThat(result.path("established_per_s").asDouble()).isBetween(30.0, 42.0);
        assertThat(result.path("options").path("rate").asDouble()).isEqualTo(40.0);
        assertThat(result.path("timeline").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void natTraversalFloatsToNatPort() throws Exception {
        JsonNode result = run(InProcessNode.PSK, "--scenario", "storm", "--sas", "10", "--concurrency", "5",
                "--nat-t", "--target-nat-port", Integer.toString(node.natPort), "--source-nat-port", "42040",
                "--sources", "127.1.5.1", "--source-ports", "41040", "--duration-s", "20");

        assertThat(result.path("totals").path("established").asLong()).isEqualTo(10);
        assertThat(result.path("totals").path("deleted").asLong()).isEqualTo(10);
        assertThat(node.saCount()).isEqualTo(0);
    }

    @Test
    void livenessAndRekeysAreCounted() throws Exception {
        JsonNode result = run(InProcessNode.PSK, "--scenario", "steady", "--sas", "4", "--concurrency", "4",
                "--liveness-s", "1", "--rekey-child-s", "1.5", "--rekey-ike-s", "2.5", "--sources", "127.1.6.1",
                "--source-ports", "41050", "--duration-s", "5");

        JsonNode totals = result.path("totals");
        assertThat(totals.path("established").asLong()).isEqualTo(4);
        assertThat(totals.path("failed").asLong()).isEqualTo(0);
        assertThat(totals.path("rekeys_child").asLong()).isGreaterThan(0);
        assertThat(totals.path("rekeys_ike").asLong()).isGreaterThan(0);
        assertThat(totals.path("deleted").asLong()).isEqualTo(4);
        assertThat(node.saCount()).isEqualTo(0);
    }

    @Test
    void invalidKeRetryIsCounted() throws Exception {
        JsonNode result = run(InProcessNode.PSK, "--scenario", "storm", "--sas", "5", "--concurrency", "5",
                "--proposal", "aes256gcm16-prfsha256-ecp256-x25519", "--sources", "127.1.8.1",
                "--source-ports", "41080", "--duration-s", "20");

        assertThat(result.path("totals").path("established").asLong()).isEqualTo(5);
        assertThat(result.path("totals").path("invalid_ke_retries").asLong()).isEqualTo(5);
    }

    @Test
    void unmatchedProposalFailsWithNoProposalChosen() throws Exception {
        JsonNode result = runExpecting(1, InProcessNode.PSK, "--scenario", "storm", "--sas", "3", "--concurrency", "3",
                "--proposal", "aes128-sha256-modp2048", "--sources", "127.1.9.1", "--source-ports", "41090",
                "--duration-s", "20");

        assertThat(result.path("totals").path("failed").asLong()).isEqualTo(3);
        assertThat(result.path("failures").path("NO_PROPOSAL_CHOSEN").asLong()).isEqualTo(3);
    }

    @Test
    void silentTargetFailsWithTimeout() throws Exception {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, InProcessNode.PSK);
        Path out = dir.resolve("timeout.json");
        int status;
        // A bound socket that never reads: requests to it get no response and no ICMP error.
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            status = LoadTestMain.run(new String[] {"run", "--target", "127.0.0.1:" + silent.getLocalPort(),
                    "--psk-file", psk.toString(), "--out", out.toString(), "--progress-s", "0", "--sas", "3",
                    "--retransmit", "--retransmit-timeout-s", "0.2", "--sources", "127.1.10.1", "--source-ports", "41100",
                    "--duration-s", "20"}, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
        }
        JsonNode result = new ObjectMapper().readTree(out.toFile());

        assertThat(status).as("no SA established").isEqualTo(1);
        assertThat(result.path("totals").path("failed").asLong()).isEqualTo(3);
        assertThat(result.path("failures").path("TIMEOUT").asLong()).isEqualTo(3);
        // Five retransmissions per handshake, as a real client sends before it gives up.
        assertThat(result.path("totals").path("retransmissions").asLong()).isEqualTo(15);
    }

    @Test
    void twoLoopsShareTheWork() throws Exception {
        JsonNode result = run(InProcessNode.PSK, "--scenario", "storm", "--sas", "40", "--concurrency", "10",
                "--threads", "2", "--sources", "127.1.13.1-127.1.13.3", "--source-ports", "41130", "--duration-s", "20");

        assertThat(result.path("totals").path("established").asLong()).isEqualTo(40);
        assertThat(result.path("totals").path("deleted").asLong()).isEqualTo(40);
        assertThat(result.path("generator").path("threads").asInt()).isEqualTo(2);
        assertThat(node.saCount()).isEqualTo(0);
    }

    @Test
    void targetDeleteIsReplaced() throws Exception {
        CompletableFuture<JsonNode> running = CompletableFuture.supplyAsync(() -> {
            try {
                return run(InProcessNode.PSK, "--scenario", "steady", "--sas", "3", "--concurrency", "3",
                        "--sources", "127.1.14.1", "--source-ports", "41140", "--duration-s", "5");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (node.saCount() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        node.deleteSa(node.sas().get(0).path("id").asText());
        JsonNode result = running.get(30, TimeUnit.SECONDS);

        JsonNode totals = result.path("totals");
        assertThat(totals.path("attempted").asLong()).isEqualTo(4);
        assertThat(totals.path("established").asLong()).isEqualTo(4);
        assertThat(totals.path("deleted").asLong()).isEqualTo(4);
        assertThat(totals.path("failed").asLong()).isEqualTo(0);
        assertThat(node.saCount()).isEqualTo(0);
    }
}
