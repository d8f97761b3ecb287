package org.ikec.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load runs against a real node in this JVM with its SNMP agent on a loopback port, while
 * snmpbulkwalk walks jnxIkeTunnelTable back to back.
 */
@RequiresNetSnmp
class SnmpChurnRunTest {

    private static final String COMMUNITY = "churn-walk";

    private static InProcessNode node;
    private static int snmpPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() throws Exception {
        snmpPort = freeUdpPort();
        node = InProcessNode.start("", "ikec.snmp { enabled = true, address = \"127.0.0.1\", port = " + snmpPort
                + ", community = \"" + COMMUNITY + "\" }\n");
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    /** Returns a UDP port that was free a moment ago; the agent binds it right after. */
    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void walksStayConsistentDuringChurn() throws Exception {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, InProcessNode.PSK + "\n");
        Path out = dir.resolve("result.json");
        StringWriter err = new StringWriter();

        int status = LoadTestMain.run(new String[] {"run", "--target", node.target(), "--psk-file", psk.toString(),
                "--out", out.toString(), "--scenario", "churn", "--sas", "200", "--concurrency", "32",
                "--hold-s", "1.5", "--sources", "127.1.20.1-127.1.20.50", "--source-ports", "41200",
                "--duration-s", "15", "--progress-s", "1", "--snmp-walk", "127.0.0.1:" + snmpPort,
                "--snmp-community", COMMUNITY, "--snmp-timeout-s", "10"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        JsonNode result = new ObjectMapper().readTree(out.toFile());
        JsonNode snmp = result.path("snmp");

        assertThat(status).as("exit status; stderr: %s", err).isEqualTo(0);
        assertThat(snmp.path("agent").asText()).isEqualTo("127.0.0.1:" + snmpPort);
        assertThat(snmp.path("walks").asLong()).as("snmp: %s", snmp).isGreaterThanOrEqualTo(3);
        assertThat(snmp.path("walks_failed").asLong()).as("snmp: %s", snmp).isEqualTo(0);
        assertThat(snmp.path("walks_ok").asLong()).isEqualTo(snmp.path("walks").asLong());
        assertThat(snmp.path("failures_by_reason").size()).isEqualTo(8);
        assertThat(snmp.path("failures_by_reason").path("OID_NOT_INCREASING").asLong()).isEqualTo(0);
        assertThat(snmp.path("rows_max").asLong()).isGreaterThan(0);
        assertThat(snmp.path("rows_min").asLong()).isLessThanOrEqualTo(snmp.path("rows_max").asLong());
        assertThat(snmp.path("walk_ms").path("p50").asDouble()).isGreaterThan(0);
        assertThat(snmp.path("walk_ms").path("max").asDouble())
                .isGreaterThanOrEqualTo(snmp.path("walk_ms").path("p99").asDouble());
        assertThat(snmp.path("first_failure").asText()).isEmpty();
        assertThat(result.path("totals").path("failed").asLong()).isEqualTo(0);
        assertThat(result.path("totals").path("deleted").asLong()).isGreaterThan(200);
        assertThat(result.path("options").path("snmp-walk").asText()).isEqualTo("127.0.0.1:" + snmpPort);
        assertThat(result.toString()).doesNotContain(COMMUNITY);
        assertThat(err.toString()).containsPattern(" walks \\d+ \\(0 failed\\)");
        assertThat(node.saCount()).isEqualTo(0);
    }

    @Test
    void silentAgentFailsTheRun() throws Exception {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, InProcessNode.PSK + "\n");
        Path out = dir.resolve("silent.json");
        StringWriter err = new StringWriter();
        int status;
        // A bound socket that never reads: snmpbulkwalk waits 6 s by default, longer than the 1 s walk timeout.
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            status = LoadTestMain.run(new String[] {"run", "--target", node.target(), "--psk-file", psk.toString(),
                    "--out", out.toString(), "--scenario", "steady", "--sas", "2", "--sources", "127.1.21.1",
                    "--source-ports", "41210", "--duration-s", "2", "--progress-s", "0", "--snmp-walk",
                    "127.0.0.1:" + silent.getLocalPort(), "--snmp-timeout-s", "1"},
                    new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        }
        JsonNode snmp = new ObjectMapper().readTree(out.toFile()).path("snmp");

        assertThat(status).as("stderr: %s", err).isEqualTo(1);
        assertThat(snmp.path("walks").asLong()).isBetween(1L, 4L);
        assertThat(snmp.path("walks_ok").asLong()).isEqualTo(0);
        assertThat(snmp.path("walks_failed").asLong()).isEqualTo(snmp.path("walks").asLong());
        assertThat(snmp.path("failures_by_reason").path("TIMEOUT").asLong()).isEqualTo(snmp.path("walks").asLong());
        assertThat(snmp.path("rows_max").asLong()).isEqualTo(0);
        assertThat(snmp.path("walk_ms").path("max").asDouble()).isBetween(1000.0, 3000.0);
        assertThat(snmp.path("first_failure").asText()).startsWith("TIMEOUT: no end after ");
        assertThat(err.toString()).contains("run: " + snmp.path("walks").asLong() + " of "
                + snmp.path("walks").asLong() + " SNMP walks failed, the first with TIMEOUT: no end after ");
        assertThat(node.saCount()).isEqualTo(0);
    }
}
