package org.ikec.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.ikec.loadtest.engine.LoadPlan;
import org.ikec.loadtest.engine.Scenario;
import org.ikec.loadtest.engine.VirtualIpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunOptionsTest {

    @TempDir
    Path dir;

    private record Outcome(int status, String err) {
    }

    private Outcome execute(String... args) {
        StringWriter err = new StringWriter();
        int status = LoadTestMain.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        return new Outcome(status, err.toString());
    }

    private LoadPlan plan(String... args) {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs(args);
        return command.plan(Map.of("LOADTEST_PSK", "secret"));
    }

    @Test
    void defaultsFillThePlan() {
        LoadPlan plan = plan("--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK");

        assertThat(plan.scenario()).isEqualTo(Scenario.STORM);
        assertThat(plan.sas()).isEqualTo(100);
        assertThat(plan.openLoop()).isFalse();
        assertThat(plan.concurrency()).isEqualTo(64);
        assertThat(plan.sources().size()).isEqualTo(254);
        assertThat(plan.sourcePorts().first()).isEqualTo(500);
        assertThat(plan.targetNatPort()).isEqualTo(4500);
        assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(plan.deleteAtEnd()).isTrue();
        assertThat(plan.identity(7)).isEqualTo("client7@loadtest.example");
        assertThat(new String(plan.psk())).isEqualTo("secret");
        assertThat(plan.options()).containsEntry("psk-env", "LOADTEST_PSK").containsEntry("scenario", "storm")
                .doesNotContainValue("secret");
        assertThat(plan.virtualIp()).isEqualTo(VirtualIpRequest.NONE);
        assertThat(plan.jitWarmup()).isZero();
        assertThat(plan.dhReuse()).isEqualTo(1);
    }

    @Test
    void dhReuseOptionParses() {
        LoadPlan plan = plan("--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK", "--dh-reuse", "100");

        assertThat(plan.dhReuse()).isEqualTo(100);
        assertThat(plan.options()).containsEntry("dh-reuse", 100);
    }

    @Test
    void jitWarmupOptionParses() {
        LoadPlan plan = plan("--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK", "--jit-warmup-s", "2.5");

        assertThat(plan.jitWarmup()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void virtualIpOptionParses() {
        LoadPlan plan = plan("--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK", "--virtual-ip", "both");

        assertThat(plan.virtualIp()).isEqualTo(VirtualIpRequest.BOTH);
        assertThat(plan.options()).containsEntry("virtual-ip", "both");
    }

    @Test
    void badVirtualIpIsOneLineUsageError() {
        Outcome outcome = execute("run", "--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK", "--virtual-ip",
                "ipv4");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("run: invalid --virtual-ip: 'ipv4' is not none, v4, v6 or both"
                + System.lineSeparator());
    }

    @Test
    void rangesAndTargetsParse() {
        LoadPlan plan = plan("--target", "127.0.0.1:5000,[::1]:5001", "--psk-env", "LOADTEST_PSK", "--sources",
                "127.1.0.1-127.1.0.8", "--source-ports", "40000-40063", "--rate", "250.5", "--hold-s", "1.5");

        assertThat(plan.targets()).hasSize(2);
        assertThat(plan.targets().get(1).getPort()).isEqualTo(5001);
        assertThat(plan.sources().size()).isEqualTo(8);
        assertThat(plan.sourcePorts().size()).isEqualTo(64);
        assertThat(plan.openLoop()).isTrue();
        assertThat(plan.ratePerSecond()).isEqualTo(250.5);
        assertThat(plan.hold()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void pskFileDropsTrailingNewline() throws Exception {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, "from a file\n");

        LoadPlan plan = plan("--target", "127.0.0.1:500", "--psk-file", psk.toString());

        assertThat(new String(plan.psk())).isEqualTo("from a file");
    }

    @Test
    void badSourceRangeIsOneLineUsageError() {
        Outcome outcome = execute("run", "--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK", "--sources",
                "127.1.0.9-127.1.0.1");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("run: invalid --sources: the range 127.1.0.9-127.1.0.1 ends before it starts"
                + System.lineSeparator());
    }

    @Test
    void badValuesExitWithUsageError() {
        String[][] cases = {
                {"--scenario", "flood"},
                {"--rate", "10", "--concurrency", "5"},
                {"--rate", "-1"},
                {"--sas", "0"},
                {"--source-ports", "70000"},
                {"--duration-s", "0"},
                {"--jit-warmup-s", "-1"},
                {"--dh-reuse", "0"},
                {"--proposal", "aes256gcm16-nosuchprf-x25519"},
                {"--snmp-walk", "127.0.0.1"},
                {"--snmp-walk", "127.0.0.1:16100", "--snmp-timeout-s", "0"},
        };
        for (String[] extra : cases) {
            String[] args = new String[5 + extra.length];
            System.arraycopy(new String[] {"run", "--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK"}, 0, args, 0, 5);
            System.arraycopy(extra, 0, args, 5, extra.length);

            Outcome outcome = execute(args);

            assertThat(outcome.status()).as(String.join(" ", extra)).isEqualTo(2);
            assertThat(outcome.err().lines().count()).as(outcome.err()).isEqualTo(1);
            assertThat(outcome.err()).as(String.join(" ", extra)).startsWith("run: ");
        }
    }

    @Test
    void unknownOptionIsOneLineWithHelpHint() {
        Outcome outcome = execute("run", "--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK", "--no-such-option");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("ikec loadtest run: unknown option '--no-such-option'"
                + " (see 'ikec loadtest run --help')" + System.lineSeparator());
    }

    @Test
    void unparsableNumberIsOneLineWithHelpHint() {
        Outcome outcome = execute("run", "--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK", "--threads", "zero");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("ikec loadtest run: invalid value for option '--threads': 'zero' is not an int"
                + " (see 'ikec loadtest run --help')" + System.lineSeparator());
    }

    @Test
    void snmpWalkOptionsFillThePlan() {
        LoadPlan plan = plan("--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK", "--scenario", "churn",
                "--snmp-walk", "127.0.0.2:16100", "--snmp-community", "walkers", "--snmp-timeout-s", "2.5");

        assertThat(plan.snmpWalk().agentText()).isEqualTo("127.0.0.2:16100");
        assertThat(plan.snmpWalk().community()).isEqualTo("walkers");
        assertThat(plan.snmpWalk().timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(plan.options()).containsEntry("snmp-walk", "127.0.0.2:16100").doesNotContainKey("snmp-community")
                .doesNotContainValue("walkers");
        assertThat(plan.snmpWalk().toString()).doesNotContain("walkers");
    }

    @Test
    void noSnmpWalkByDefault() {
        LoadPlan plan = plan("--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK");

        assertThat(plan.snmpWalk()).isNull();
    }

    @Test
    void missingSnmpBulkWalkFailsInOneLine() throws Exception {
        RunCommand command = new RunCommand();
        command.environment = Map.of("LOADTEST_PSK", "secret", "PATH", dir.toString());
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));

        int status = commandLine.execute("--target", "127.0.0.1:500", "--psk-env", "LOADTEST_PSK", "--scenario",
                "churn", "--sources", "127.1.30.1", "--source-ports", "41300", "--snmp-walk", "127.0.0.1:16100");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("run: snmpbulkwalk not found on PATH; install net-snmp's command-line"
                + " tools (the Debian package snmp) or leave out --snmp-walk" + System.lineSeparator());
    }

    @Test
    void missingPskIsUsageError() {
        Outcome outcome = execute("run", "--target", "127.0.0.1:500");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("run: give exactly one of --psk-file FILE and --psk-env VAR"
                + System.lineSeparator());
    }

    @Test
    void unsetPskVariableIsUsageError() {
        Outcome outcome = execute("run", "--target", "127.0.0.1:500", "--psk-env", "IKEC_LOADTEST_UNSET_VARIABLE");

        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("run: the environment variable IKEC_LOADTEST_UNSET_VARIABLE named by"
                + " --psk-env is not set" + System.lineSeparator());
    }
}
