package org.ikec.node.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.ikec.node.metrics.TestNode;
import org.ikec.node.metrics.UdpIkeClient;
import org.junit.jupiter.api.Test;

/** Counts the node's INFO lines for whole IKE SA lifecycles: a line per event, none per packet. */
class LogVolumeTest {

    private static final int SAS = 3;

    @Test
    void nodeLogsThreeLinesPerSaLifecycle() throws Exception {
        try (CapturedLog log = new CapturedLog(); TestNode node = TestNode.start("format = text")) {
            int before = log.lines().size();
            for (int i = 0; i < SAS; i++) {
                try (UdpIkeClient client = new UdpIkeClient(node.ike, TestNode.PROPOSAL, TestNode.PSK,
                        ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))) {
                    client.connect().orElseThrow();
                    client.delete();
                }
            }
            // The node logs the close after it sent the DELETE response, so the last line may come
            // a moment after the client's delete returned.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> nodeLines = nodeIkeLines(log, before);
            while (nodeLines.size() < 3 * SAS && System.nanoTime() < deadline) {
                Thread.sleep(50);
                nodeLines = nodeIkeLines(log, before);
            }

            assertThat(nodeLines.stream().filter(line -> line.contains("IKE SA established with"))).hasSize(SAS);
            assertThat(nodeLines.stream().filter(line -> line.contains("CHILD SA net established"))).hasSize(SAS);
            assertThat(nodeLines.stream().filter(line -> line.contains("IKE SA closed: deleted by peer"
                    + " (1 CHILD SAs deleted with it)"))).hasSize(SAS);
            assertThat(nodeLines).as("the node's ike lines").hasSize(3 * SAS);
            assertThat(nodeLines).allMatch(line -> line.contains(" INFO  [ike] rw["));
        }
    }

    /**
     * Returns the node's ike lines since line {@code before}. The node's IKE SAs belong to
     * connection rw, the in-process client's to connection client.
     */
    private static List<String> nodeIkeLines(CapturedLog log, int before) {
        List<String> lines = log.lines();
        return lines.subList(before, lines.size()).stream().filter(line -> line.contains("[ike] rw[")).toList();
    }
}
