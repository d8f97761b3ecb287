package org.ikec.loadtest.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class TunnelTableWalkerTest {

    private static final String ONE_ROW = ".1.3.6.1.4.1.2636.3.22.1.2.1.1.2.2.114.119.1.4.127.1.20.1.1513866721 = INTEGER: 2\n";

    private static BulkWalkProcess.Outcome outcome(int exitCode, boolean timedOut, String stdout, String stderr) {
        return new BulkWalkProcess.Outcome(exitCode, timedOut, stdout, stderr, 5_000_000);
    }

    @Test
    void cleanWalkIsJudgedOnItsRows() {
        TunnelTableCheck.Verdict verdict = TunnelTableWalker.judge(outcome(0, false, ONE_ROW, ""));

        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.rows()).isEqualTo(1);
    }

    @Test
    void killedWalkIsTimeout() {
        TunnelTableCheck.Verdict verdict = TunnelTableWalker.judge(outcome(-1, true, ONE_ROW, ""));

        assertThat(verdict.failure()).isEqualTo(WalkFailure.TIMEOUT);
        assertThat(verdict.detail()).isEqualTo("no end after 5 ms");
    }

    @Test
    void netSnmpTimeoutIsNoResponse() {
        TunnelTableCheck.Verdict verdict = TunnelTableWalker.judge(
                outcome(1, false, "", "Timeout: No Response from udp:127.0.0.1:9\n"));

        assertThat(verdict.failure()).isEqualTo(WalkFailure.NO_RESPONSE);
        assertThat(verdict.detail()).isEqualTo("Timeout: No Response from udp:127.0.0.1:9");
    }

    @Test
    void netSnmpOrderErrorIsOidNotIncreasing() {
        String error = "Error: OID not increasing: .1.3.6.1.4.1.2636.3.22.1.2.1.1.3.2.114.119.1.4.127.1.20.1.7\n"
                + " >= .1.3.6.1.4.1.2636.3.22.1.2.1.1.3.2.114.119.1.4.127.1.20.1.7\n";

        TunnelTableCheck.Verdict verdict = TunnelTableWalker.judge(outcome(1, false, ONE_ROW, error));

        assertThat(verdict.failure()).isEqualTo(WalkFailure.OID_NOT_INCREASING);
        assertThat(verdict.detail()).isEqualTo(
                "Error: OID not increasing: .1.3.6.1.4.1.2636.3.22.1.2.1.1.3.2.114.119.1.4.127.1.20.1.7");
    }

    @Test
    void otherExitStatusIsExitStatus() {
        TunnelTableCheck.Verdict verdict = TunnelTableWalker.judge(outcome(2, false, "", "\nsomething else went wrong\n"));

        assertThat(verdict.failure()).isEqualTo(WalkFailure.EXIT_STATUS);
        assertThat(verdict.detail()).isEqualTo("exit status 2: something else went wrong");
    }

    @Test
    void missingProgramFailsCreate() {
        SnmpWalkSettings settings = new SnmpWalkSettings(new InetSocketAddress("127.0.0.1", 16100), "public",
                Duration.ofSeconds(10), "/nonexistent-directory");

        assertThatThrownBy(() -> TunnelTableWalker.create(settings))
                .isInstanceOf(IOException.class)
                .hasMessage("snmpbulkwalk not found on PATH; install net-snmp's command-line tools (the Debian"
                        + " package snmp) or leave out --snmp-walk");
    }
}
