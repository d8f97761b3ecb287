package org.ikec.node.mgmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ikec.node.Main;
import org.ikec.node.NodeProcess;
import org.junit.jupiter.api.Test;

/**
 * Reloads the address pools of a real node in a child JVM while a peer on loopback has leased a
 * virtual IP address from one of them.
 */
class PoolReloadProcessTest {

    private static final String PSK = "pool-reload-test-psk";
    private static final String TABLE_HEADER = "pool                     size   leased     free  exhausted\n";

    private record Ctl(int exitStatus, String out, String err) {
    }

    @Test
    void reloadAddsPoolAndKeepsLeasedRange() throws Exception {
        Path config = Files.createTempFile("ikec-pool-reload", ".conf");
        Files.writeString(config, nodeConfig("rw4 { addrs = \"10.3.0.0/28\", dns = [\"192.0.2.53\"] }", "\"rw4\""));
        try (NodeProcess node = NodeProcess.start(config);
             UdpIkePeer peer = UdpIkePeer.requestingAddress(new InetSocketAddress("127.0.0.1", 0),
                     new InetSocketAddress("127.0.0.1", node.ikePort()), node.natPort(), "alice@ikec.test", PSK,
                     (Inet4Address) InetAddress.getByName("10.3.0.9"))) {
            assertThat(peer.establish()).as("IKE SA with a virtual IP").isTrue();
            assertThat(peer.leasedIpv4()).contains(InetAddress.getByName("10.3.0.9"));
            assertThat(peer.ipv4NameServers()).containsExactly(InetAddress.getByName("192.0.2.53"));

            Files.writeString(config, nodeConfig("rw4 { addrs = \"10.3.0.0/29\", dns = [\"192.0.2.54\"] }\n"
                    + "rw6 { addrs = \"fd00:3::/120\" }", "\"rw4\", \"rw6\""));
            Ctl shrinkAndAdd = ctl(node, "reload");
            Ctl poolsAfterAdd = ctl(node, "pools");

            assertThat(shrinkAndAdd.exitStatus()).as(shrinkAndAdd.err()).isZero();
            assertThat(shrinkAndAdd.out().lines()).contains("  pools added rw6, changed none, removed none",
                    "  pool rw4 not changed from 10.3.0.0/28 to 10.3.0.0/29: 1 leased address is outside the new "
                            + "range; reload again once it is released");
            assertThat(poolsAfterAdd.out()).isEqualTo(TABLE_HEADER
                    + "rw4                        14        1       13          0\n"
                    + "rw6                       255        0      255          0\n");
            assertThat(node.log()).contains("WARN  [cluster] pool rw4 not changed from 10.3.0.0/28 to 10.3.0.0/29");

            Ctl terminated = ctl(node, "terminate", peer.nodeSaId());
            assertThat(terminated.exitStatus()).as(terminated.err()).isZero();
            awaitPoolsTable(node, TABLE_HEADER
                    + "rw4                        14        0       14          0\n"
                    + "rw6                       255        0      255          0\n");
            Ctl shrink = ctl(node, "reload");
            Ctl poolsAfterShrink = ctl(node, "pools");

            assertThat(shrink.exitStatus()).as(shrink.err()).isZero();
            assertThat(shrink.out().lines()).contains("  pools added none, changed rw4, removed none");
            assertThat(shrink.out()).doesNotContain("not changed");
            assertThat(poolsAfterShrink.out()).isEqualTo(TABLE_HEADER
                    + "rw4                         6        0        6          0\n"
                    + "rw6                       255        0      255          0\n");

            try (UdpIkePeer later = UdpIkePeer.requestingAddress(new InetSocketAddress("127.0.0.1", 0),
                    new InetSocketAddress("127.0.0.1", node.ikePort()), node.natPort(), "bob@ikec.test", PSK,
                    (Inet4Address) InetAddress.getByName("10.3.0.9"))) {
                assertThat(later.establish()).as("IKE SA after the shrink").isTrue();
                assertThat(later.leasedIpv4().orElseThrow().getHostAddress())
                        .isIn("10.3.0.1", "10.3.0.2", "10.3.0.3", "10.3.0.4", "10.3.0.5", "10.3.0.6");
                assertThat(later.ipv4NameServers()).containsExactly(InetAddress.getByName("192.0.2.54"));
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }

    /** Writes a node on free loopback ports whose connection {@code rw} leases from {@code connectionPools}. */
    private static String nodeConfig(String pools, String connectionPools) {
        return """
                ikec {
                  listen { addresses = ["127.0.0.1"], port = 0, nat-port = 0 }
                  management { address = "127.0.0.1", port = 0 }
                  cluster { address = "127.0.0.1", port = 0 }
                  pools { %s }
                  connections { rw {
                    proposals = ["%s"]
                    local { auth = psk, id = "%s" }
                    remote { auth = psk, id = "%%any" }
                    pools = [%s]
                    children { net { local_ts = ["0.0.0.0/0"], esp_proposals = ["%s"] } }
                  } }
                  secrets { clients { id = "%%any", secret = "%s" } }
                }
                """.formatted(pools, UdpIkePeer.IKE_PROPOSAL, UdpIkePeer.NODE_ID, connectionPools,
                UdpIkePeer.ESP_PROPOSAL, PSK);
    }

    private static Ctl ctl(NodeProcess node, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("ctl", "--mgmt", node.management()));
        args.addAll(List.of(arguments));
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Ctl(status, out.toString(), err.toString());
    }

    /**
     * Waits up to 10 s for {@code ctl pools} to print {@code table}, because a release reaches the
     * pool after the DELETE.
     */
    private static void awaitPoolsTable(NodeProcess node, String table) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String last = ctl(node, "pools").out();
        while (!last.equals(table) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = ctl(node, "pools").out();
        }
        assertThat(last).isEqualTo(table);
    }
}
