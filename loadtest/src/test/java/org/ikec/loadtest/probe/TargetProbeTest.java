package org.ikec.loadtest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** Samples this test's own JVM, which jcmd reaches through the attach mechanism. */
class TargetProbeTest {

    @TempDir
    Path dir;

    @Test
    void sampleOfOwnJvmAfterFullGc() {
        long pid = ProcessHandle.current().pid();

        ProbeSample sample = TargetProbe.create().sample(pid, true);

        assertThat(sample.pid()).isEqualTo(pid);
        assertThat(sample.cpuSeconds()).isPositive();
        assertThat(sample.residentBytes()).isGreaterThan(sample.heapUsedBytes().orElseThrow());
        assertThat(sample.heapUsedBytes().orElseThrow()).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
    }

    @Test
    void sampleWithoutGcHasNoHeap() {
        ProbeSample sample = TargetProbe.create().sample(ProcessHandle.current().pid(), false);

        assertThat(sample.heapUsedBytes()).isEmpty();
        assertThat(sample.toJson()).containsEntry("heap_used_bytes", null);
    }

    @Test
    void missingProcessRejected() {
        assertThatThrownBy(() -> TargetProbe.create().sample(Integer.MAX_VALUE, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no process with PID " + Integer.MAX_VALUE);
    }

    @Test
    void commandWritesOneJsonObject() throws Exception {
        long pid = ProcessHandle.current().pid();
        Path out = dir.resolve("probe.json");

        int exitCode = new CommandLine(new ProbeCommand()).execute("--pid", Long.toString(pid), "--gc", "--out", out.toString());

        assertThat(exitCode).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(Files.readString(out), Map.class);
        assertThat(json.keySet()).containsExactly("pid", "cpu_s", "rss_bytes", "heap_used_bytes", "sampled_at");
        assertThat(((Number) json.get("pid")).longValue()).isEqualTo(pid);
        assertThat(((Number) json.get("heap_used_bytes")).longValue()).isPositive();
    }

    @Test
    void commandWritesOneLinePerPid() throws Exception {
        long pid = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        Path out = dir.resolve("probe.jsonl");

        int exitCode = new CommandLine(new ProbeCommand()).execute("--pid", Long.toString(pid), "--pid", Long.toString(parent),
                "--out", out.toString());

        assertThat(exitCode).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(lines.get(0)).get("pid").asLong()).isEqualTo(pid);
        assertThat(mapper.readTree(lines.get(1)).get("pid").asLong()).isEqualTo(parent);
        assertThat(mapper.readTree(lines.get(1)).get("heap_used_bytes").isNull()).isTrue();
    }

    @Test
    void clockTicksFromGetconf() {
        long expected = Long.parseLong(TargetProbe.run(List.of("getconf", "CLK_TCK")).strip());

        assertThat(TargetProbe.create().ticksPerSecond()).isEqualTo(expected);
    }
}
