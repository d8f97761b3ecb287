package org.ikec.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadTestResultTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryReportedField() throws IOException {
        LoadTestResult result = LoadTestResult.read(Fixtures.path("node.json").toString());

        assertThat(result.label()).isEqualTo("node");
        assertThat(result.scenario()).isEqualTo("storm");
        assertThat(result.targets()).containsExactly("127.0.0.1:500");
        assertThat(result.proposal()).isEqualTo("aes256gcm16-prfsha256-x25519");
        assertThat(result.espProposal()).isEqualTo("aes256gcm16");
        assertThat(result.durationSeconds()).isEqualTo(4.0);
        assertThat(result.totals()).hasSize(11).containsEntry("established", 990L).containsEntry("held_at_end", 990L);
        assertThat(result.failures()).containsExactly(
                java.util.Map.entry("TIMEOUT", 7L), java.util.Map.entry("AUTHENTICATION_FAILED", 3L));
        assertThat(result.establishedPerSecond()).isEqualTo(247.5);
        assertThat(result.peakEstablishedPerSecond()).isEqualTo(380.0);
        assertThat(result.latency()).containsEntry("p99", 31.5).containsEntry("max", 95.0);
        assertThat(result.percentiles()).hasSize(6)
                .contains(new LoadTestResult.PercentilePoint(99.9, 80.2));
        assertThat(result.timeline()).hasSize(4);
        assertThat(result.timeline().get(1)).isEqualTo(new LoadTestResult.TimelinePoint(2, 380, 500, 2, 150, 500, 35.0));
    }

    /** The file is the output of the load generator's storm of 300 IKE SAs against charon. */
    @Test
    void readsGeneratorOutput() throws IOException {
        LoadTestResult result = LoadTestResult.read(Fixtures.path("generator-strongswan.json").toString());

        assertThat(result.targets()).containsExactly("198.51.100.2:500");
        assertThat(result.totals()).containsEntry("established", 300L).containsEntry("held_at_end", 300L);
        assertThat(result.failures()).isEmpty();
        assertThat(result.establishedPerSecond()).isEqualTo(177.39);
        assertThat(result.latency()).containsEntry("p50", 274.687).containsEntry("p99", 584.703);
        assertThat(result.percentiles()).hasSize(44);
        assertThat(result.percentiles().get(1)).isEqualTo(new LoadTestResult.PercentilePoint(10.0, 138.495));
        assertThat(result.percentiles().get(43)).isEqualTo(new LoadTestResult.PercentilePoint(100.0, 649.215));
        assertThat(result.timeline()).containsExactly(
                new LoadTestResult.TimelinePoint(1, 127, 127, 0, 64, 127, 585.215),
                new LoadTestResult.TimelinePoint(2, 173, 300, 0, 0, 300, 476.159));
    }

    @Test
    void nameBeforeEqualsIsLabel() throws IOException {
        LoadTestResult result = LoadTestResult.read("cluster of 3=" + Fixtures.path("node.json"));

        assertThat(result.label()).isEqualTo("cluster of 3");
        assertThat(result.establishedPerSecond()).isEqualTo(247.5);
    }

    @Test
    void fractionPercentilesScaledToPercent() throws IOException {
        Path file = dir.resolve("fractions.json");
        Files.writeString(file, """
                {"latency_percentiles": [{"percentile": 0.0, "value_ms": 1}, {"percentile": 0.5, "value_ms": 2},
                                         {"percentile": 0.999, "value_ms": 9}, {"percentile": 1.0, "value_ms": 10}]}
                """);

        LoadTestResult result = LoadTestResult.read(file.toString());

        assertThat(result.percentiles()).extracting(LoadTestResult.PercentilePoint::percentile)
                .containsExactly(0.0, 50.0, 99.9, 100.0);
    }

    @Test
    void missingFieldsReadAsEmpty() throws IOException {
        Path file = dir.resolve("empty.json");
        Files.writeString(file, "{}");

        LoadTestResult result = LoadTestResult.read(file.toString());

        assertThat(result.label()).isEqualTo("empty");
        assertThat(result.totals()).isEmpty();
        assertThat(result.timeline()).isEmpty();
        assertThat(result.establishedPerSecond()).isZero();
    }

    @Test
    void arrayRejected() throws IOException {
        Path file = dir.resolve("array.json");
        Files.writeString(file, "[]");

        assertThatThrownBy(() -> LoadTestResult.read(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected one JSON object");
    }
}
