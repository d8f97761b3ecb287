package org.ikec.loadtest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parses real {@code /proc} files of this test's JVM and of a {@code sleep} process the test
 * starts, named so that its command name contains spaces and parentheses.
 */
class ProcTextTest {

    private static final String AWKWARD_NAME = "a) b (c";

    @TempDir
    Path dir;

    private Process sleep;

    @AfterEach
    void stopSleep() throws InterruptedException {
        if (sleep != null) {
            sleep.destroy();
            sleep.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void statOfSleepWithAwkwardName() throws Exception {
        long pid = startSleep();
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        long ticksPerSecond = Long.parseLong(TargetProbe.run(List.of("getconf", "CLK_TCK")).strip());

        assertThat(stat).startsWith(pid + " (" + AWKWARD_NAME + ") S ");
        Duration cpu = sleep.info().totalCpuDuration().orElseThrow();
        assertThat(ProcText.cpuTicks(stat)).isEqualTo(cpu.toNanos() * ticksPerSecond / 1_000_000_000L);
    }

    @Test
    void statusOfSleepMatchesPs() throws Exception {
        long pid = startSleep();
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));

        String psKiB = TargetProbe.run(List.of("ps", "-o", "rss=", "-p", Long.toString(pid))).strip();
        assertThat(ProcText.residentBytes(status)).isEqualTo(Long.parseLong(psKiB) * 1024);
    }

    @Test
    void ownJvmStatWithinCpuReads() throws IOException {
        ProcessHandle self = ProcessHandle.current();
        long ticksPerSecond = Long.parseLong(TargetProbe.run(List.of("getconf", "CLK_TCK")).strip());

        long before = self.info().totalCpuDuration().orElseThrow().toNanos() * ticksPerSecond / 1_000_000_000L;
        String stat = Files.readString(Path.of("/proc/self/stat"));
        long after = self.info().totalCpuDuration().orElseThrow().toNanos() * ticksPerSecond / 1_000_000_000L;

        assertThat(stat).startsWith(self.pid() + " (java) ");
        assertThat(ProcText.cpuTicks(stat)).isBetween(before, after);
    }

    @Test
    void ownJvmRssIsSumOfParts() throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));

        long parts = kib(status, "RssAnon") + kib(status, "RssFile") + kib(status, "RssShmem");
        assertThat(ProcText.residentBytes(status)).isEqualTo(parts * 1024);
    }

    @Test
    void statWithoutCommandNameRejected() {
        assertThatThrownBy(() -> ProcText.cpuTicks("1234 S 1 2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ')'");
    }

    @Test
    void statusWithoutVmRssRejected() {
        assertThatThrownBy(() -> ProcText.residentBytes("Name:\tkthreadd\nState:\tS (sleeping)\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no VmRSS line");
    }

    /** Starts {@code sleep 60} through a link named {@link #AWKWARD_NAME}, which becomes its command name. */
    private long startSleep() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve(AWKWARD_NAME), Path.of("/bin/sleep"));
        sleep = new ProcessBuilder(link.toString(), "60").start();

        // The name shows up in /proc once the exec has happened.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Path stat = Path.of("/proc", Long.toString(sleep.pid()), "stat");
        while (!Files.readString(stat).contains("(" + AWKWARD_NAME + ") S") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return sleep.pid();
    }

    private static long kib(String status, String key) {
        Matcher matcher = Pattern.compile("(?m)^" + key + ":\\s+(\\d+) kB$").matcher(status);
        assertThat(matcher.find()).as(key).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
