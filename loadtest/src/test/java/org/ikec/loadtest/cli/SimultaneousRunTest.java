package org.ikec.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both ends initiate at once: the node initiates its connections peer1..peer4 through its
 * management API while the generator initiates from the same four peers, and responds to the node as
 * their responder. The node runs the configuration that {@code node-config} prints.
 */
class SimultaneousRunTest {

    @TempDir
    Path dir;

    @Test
    void simultaneousInitiationEstablishesEverySa() throws Exception {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, InProcessNode.PSK + "\n");
        StringWriter config = new StringWriter();
        int configStatus = LoadTestMain.run(new String[] {"node-config", "--peers", "4", "--port", "0", "--nat-port", "0",
                "--management", "127.0.0.1:0", "--sources", "127.1.7.1-127.1.7.4", "--source-ports", "41060",
                "--psk-file", psk.toString()}, new PrintWriter(config, true), new PrintWriter(new StringWriter(), true));
        assertThat(configStatus).isEqualTo(0);
        assertThat(config.toString()).contains("peer4 {", "remote_addrs = [\"127.1.7.4\"], remote_port = 41060",
                "id = \"client4@loadtest.example\"");

        try (InProcessNode node = InProcessNode.startWith(config.toString())) {
            Path out = dir.resolve("result.json");
            StringWriter err = new StringWriter();
            int status = LoadTestMain.run(new String[] {"run", "--scenario", "simultaneous", "--target", node.target(),
                    "--sas", "4", "--sources", "127.1.7.1-127.1.7.4", "--source-ports", "41060",
                    "--psk-file", psk.toString(), "--mgmt", node.managementText(),
                    "--connections", "peer1,peer2,peer3,peer4", "--duration-s", "20", "--progress-s", "0",
                    "--out", out.toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
            assertThat(status).as("exit status; stderr: %s", err).isEqualTo(0);

            JsonNode result = new ObjectMapper().readTree(out.toFile());
            JsonNode simultaneous = result.path("simultaneous");
            assertThat(simultaneous.path("peers").asInt()).isEqualTo(4);
            assertThat(simultaneous.path("initiated_by_generator").asInt()).isEqualTo(4);
            assertThat(simultaneous.path("initiated_by_target").asInt()).isEqualTo(4);
            assertThat(simultaneous.path("sas_per_peer").path("2").asInt()).isEqualTo(4);
            assertThat(simultaneous.path("sas_per_peer").size()).isEqualTo(1);
            assertThat(simultaneous.path("all_established").asBoolean()).isTrue();
            assertThat(simultaneous.path("target_initiate_errors").size()).isEqualTo(0);
            assertThat(result.path("totals").path("established").asLong()).isEqualTo(4);
            assertThat(result.path("totals").path("failed").asLong()).isEqualTo(0);
            assertThat(node.saCount()).isEqualTo(0);
        }
    }
}
