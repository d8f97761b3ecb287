package org.ikec.node.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ikec.node.NodeRuntime;
import org.ikec.node.config.ConfigLoader;
import org.ikec.node.metrics.TestNode;
import org.junit.jupiter.api.Test;

/** The lines a node logs while it stops name only what it had opened. */
class ShutdownLogTest {

    @Test
    void gatewayNodeClosesOnlyManagement() throws Exception {
        String hocon = """
                ikec {
                  roles = [gateway]
                  management { address = "127.0.0.1", port = 0 }
                  metrics { enabled = false }
                  cluster { address = "127.0.0.1", port = %d }
                  cluster-secret = "shutdown-log-test-cluster-secret"
                  snmp { address = "127.0.0.1", port = %d, community = "public" }
                }
                """.formatted(freeTcpPort(), freeUdpPort());

        try (CapturedLog log = new CapturedLog()) {
            NodeRuntime runtime = NodeRuntime.start(ConfigLoader.loadText(hocon, ConfigLoader.Overrides.NONE),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int before = log.lines().size();
            runtime.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

            List<String> stopping = clusterLines(log, before);
            assertThat(stopping).anyMatch(line -> line.endsWith("INFO  [cluster] stopping: closing the management interface"));
            assertThat(stopping).noneMatch(line -> line.contains("UDP"));
            assertThat(stopping).anyMatch(line -> line.endsWith("INFO  [cluster] node stopped"));
        }
    }

    @Test
    void concentratorClosesUdpAndManagement() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            TestNode node = TestNode.start("format = text");
            int before = log.lines().size();
            node.close();

            List<String> stopping = clusterLines(log, before);
            assertThat(stopping).anyMatch(line -> line.endsWith(
                    "INFO  [cluster] stopping: closing UDP sockets and the management interface"));
            assertThat(stopping).anyMatch(line -> line.endsWith("INFO  [cluster] node stopped"));
        }
    }

    private static List<String> clusterLines(CapturedLog log, int before) {
        List<String> lines = log.lines();
        return lines.subList(before, lines.size()).stream().filter(line -> line.contains("[cluster]")).toList();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
