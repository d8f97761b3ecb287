package org.ikec.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.ikec.node.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Starts a concentrator and a gateway-only node in this JVM, joined over loopback, and checks
 * that {@code ikec ctl members} on either node lists both with their roles and the concentrator's
 * IKE SA count, with {@code -} for the gateway, which has no IKE SAs.
 */
class MembersRolesTest {

    private static final String CLUSTER_SECRET = "members-roles-test-cluster-secret";
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<NodeRuntime> runtimes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws Exception {
        List<CompletableFuture<?>> stopped = new ArrayList<>();
        for (NodeRuntime runtime : runtimes) {
            stopped.add(runtime.stop().toCompletableFuture());
        }
        for (CompletableFuture<?> each : stopped) {
            each.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void gatewayMemberListedWithRoleOnBothNodes() throws Exception {
        int concentratorPort = freeTcpPort();
        int gatewayPort = freeTcpPort();
        String seed = "pekko://ikec@127.0.0.1:" + concentratorPort;
        NodeRuntime concentrator = start("""
                ikec {
                  listen { addresses = ["127.0.0.1"], port = 0, nat-port = 0 }
                  management { address = "127.0.0.1", port = 0 }
                  metrics { enabled = false }
                  cluster { address = "127.0.0.1", port = %d, seed-nodes = ["%s"] }
                  cluster-secret = "%s"
                  connections {
                    rw {
                      proposals = ["aes256gcm16-prfsha256-x25519"]
                      local { auth = psk, id = "gw.ikec.test" }
                      remote { auth = psk, id = "%%any" }
                      children { net { local_ts = ["192.0.2.0/24"], remote_ts = ["dynamic"], esp_proposals = ["aes256gcm16"] } }
                    }
                  }
                  secrets { rw { id = "%%any", secret = "members-roles-test-psk" } }
                }
                """.formatted(concentratorPort, seed, CLUSTER_SECRET));
        NodeRuntime gateway = start("""
                ikec {
                  roles = [gateway]
                  management { address = "127.0.0.1", port = 0 }
                  metrics { enabled = false }
                  cluster { address = "127.0.0.1", port = %d, seed-nodes = ["%s"] }
                  cluster-secret = "%s"
                  snmp { address = "127.0.0.1", port = %d, community = "public" }
                }
                """.formatted(gatewayPort, seed, CLUSTER_SECRET, freeUdpPort()));
        String concentratorRow = "pekko://ikec@127.0.0.1:%-17d Up       concentrator                0"
                .formatted(concentratorPort);
        String gatewayRow = "pekko://ikec@127.0.0.1:%-17d Up       gateway                     -".formatted(gatewayPort);

        List<String> fromConcentrator = awaitMembers(concentrator, concentratorRow, gatewayRow);
        List<String> fromGateway = awaitMembers(gateway, concentratorRow, gatewayRow);

        // Members are listed in address order, and both ports are random.
        boolean concentratorFirst = concentratorPort < gatewayPort;
        String header = "member                                   status   roles                 IKE SAs";
        assertThat(fromConcentrator).containsExactly(header,
                concentratorFirst ? concentratorRow + "  (this node)" : gatewayRow,
                concentratorFirst ? gatewayRow : concentratorRow + "  (this node)");
        assertThat(fromGateway).containsExactly(header,
                concentratorFirst ? concentratorRow : gatewayRow + "  (this node)",
                concentratorFirst ? gatewayRow + "  (this node)" : concentratorRow);
        assertThat(ctl(gateway, "members", "--json")).contains(
                "\"roles\":[\"gateway\"],\"ikeSas\":null}", "\"roles\":[\"concentrator\"],\"ikeSas\":0}");
    }

    private NodeRuntime start(String hocon) throws Exception {
        NodeRuntime runtime = NodeRuntime.start(ConfigLoader.loadText(hocon, ConfigLoader.Overrides.NONE),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        runtimes.add(runtime);
        return runtime;
    }

    /**
     * Runs {@code ctl members} until both rows appear, or 30 s pass, and returns the last output's
     * lines: membership and the receptionist's listing of SA directories spread over a few seconds.
     */
    private static List<String> awaitMembers(NodeRuntime node, String concentratorRow, String gatewayRow)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        List<String> lines = ctl(node, "members").lines().toList();
        while (!(lines.stream().anyMatch(line -> line.startsWith(concentratorRow))
                && lines.stream().anyMatch(line -> line.startsWith(gatewayRow))) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            lines = ctl(node, "members").lines().toList();
        }
        return lines;
    }

    private static String ctl(NodeRuntime node, String... arguments) {
        List<String> args = new ArrayList<>(List.of("ctl", "--mgmt", "127.0.0.1:" + node.managementAddress().getPort()));
        args.addAll(List.of(arguments));
        StringWriter out = new StringWriter();
        Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        return out.toString();
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
