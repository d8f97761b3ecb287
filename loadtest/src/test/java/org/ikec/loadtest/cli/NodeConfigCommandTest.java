package org.ikec.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.ikec.node.config.ConfigLoader;
import org.ikec.node.config.NodeConfig;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The configuration {@code node-config} prints is complete: a node loads it with a configured cluster secret. */
class NodeConfigCommandTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("LOADTEST_PSK", "node-config-test-psk");

    private static String render() {
        NodeConfigCommand command = new NodeConfigCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.parseArgs("--psk-env", "LOADTEST_PSK");
        return command.render(ENVIRONMENT);
    }

    @Test
    void writesRandomClusterSecret() {
        String first = render();
        String second = render();

        List<String> secretLines = first.lines().filter(line -> line.contains("cluster-secret =")).toList();
        assertThat(secretLines).hasSize(1);
        assertThat(secretLines.get(0)).matches("  cluster-secret = \"0x[0-9a-f]{64}\"");
        assertThat(second.lines().filter(line -> line.contains("cluster-secret ="))).doesNotContainAnyElementsOf(secretLines);
    }

    @Test
    void nodeLoadsSecretAsConfigured() {
        String text = render();

        NodeConfig config = ConfigLoader.loadText(text, ConfigLoader.Overrides.NONE);

        assertThat(config.clusterSecretConfigured()).isTrue();
        assertThat(config.clusterSecret()).hasSize(32);
    }

    @Test
    void commentsTellHowToShareSecret() {
        String text = render();

        assertThat(text).startsWith("""
                # Node configuration for ikec loadtest. It contains the pre-shared key and the cluster secret,
                # so keep it private.
                ikec {
                  listen { addresses = ["127.0.0.1"], port = 500, nat-port = 4500 }
                  management { address = "127.0.0.1", port = 7500 }
                  # A random key for SPIs and cookies. To run several nodes as one cluster, give each this same
                  # cluster-secret and an ikec.cluster section with seed-nodes, as deploy/examples/node1.conf does.
                """);
    }
}
