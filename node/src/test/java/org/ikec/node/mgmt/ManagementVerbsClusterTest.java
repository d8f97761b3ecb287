package org.ikec.node.mgmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ikec.node.Main;
import org.ikec.node.NodeRuntime;
import org.ikec.node.config.ConfigLoader;
import org.ikec.protocol.ike.ChildSa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Drives every management verb through {@code ikec ctl} against three nodes in this JVM, joined
 * into one cluster over loopback. IKE peers on 127.0.0.101 and up make IKE SAs through the node
 * each test picks, and sharding places each IKE SA on whichever node owns its SPI.
 */
class ManagementVerbsClusterTest {

    private static final String CLUSTER_SECRET = "management-verbs-cluster-secret";
    private static final String PSK = "management-verbs-psk";
    private static final int COOKIE_THRESHOLD = 1000;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern IKE_PORTS = Pattern.compile("ike=127\\.0\\.0\\.1:(\\d+) nat-t=127\\.0\\.0\\.1:(\\d+)");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Node> nodes = new ArrayList<>();
    private static Path dir;

    private final List<UdpIkePeer> peers = new ArrayList<>();

    /** One cluster node: its configuration file, runtime, and the addresses the test talks to. */
    private record Node(Path configFile, NodeRuntime runtime, int clusterPort, InetSocketAddress ike, int natPort) {

        String management() {
            return "127.0.0.1:" + runtime.managementAddress().getPort();
        }

        String clusterAddress() {
            return "127.0.0.1:" + clusterPort;
        }
    }

    /** What one {@code ikec ctl} run printed and returned. */
    private record Ctl(int exitStatus, String out, String err) {
    }

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("ikec-mgmt-verbs");
        int seedPort = freePort();
        String seed = "pekko://ikec@127.0.0.1:" + seedPort;
        for (int i = 0; i < 3; i++) {
            int clusterPort = i == 0 ? seedPort : freePort();
            Path file = dir.resolve("node" + i + ".conf");
            Files.writeString(file, config(clusterPort, seed, PSK, CLUSTER_SECRET, COOKIE_THRESHOLD));
            nodes.add(start(file, clusterPort));
        }

        for (Node node : nodes) {
            assertThat(awaitTrue(() -> members(node) == 3)).as("3 Up members seen by %s", node.management()).isTrue();
        }
    }

    private static Node start(Path file, int clusterPort) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfigLoader.Overrides none = ConfigLoader.Overrides.NONE;
        NodeRuntime runtime = NodeRuntime.start(ConfigLoader.loadFile(file, none),
                () -> ConfigLoader.loadFile(file, none), new PrintStream(out, true, StandardCharsets.UTF_8));

        Matcher ports = IKE_PORTS.matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(ports.find()).as("ready line in %s", out).isTrue();
        return new Node(file, runtime, clusterPort,
                new InetSocketAddress("127.0.0.1", Integer.parseInt(ports.group(1))), Integer.parseInt(ports.group(2)));
    }

    /**
     * Returns a node's configuration. A DELETE that gets no response is retransmitted once after
     * half a second, so an IKE SA whose peer is gone ends within a second.
     */
    private static String config(int clusterPort, String seed, String psk, String clusterSecret, int cookieThreshold) {
        return """
                ikec {
                  listen { addresses = ["127.0.0.1"], port = 0, nat-port = 0 }
                  management { address = "127.0.0.1", port = 0 }
                  cluster { address = "127.0.0.1", port = %d, seed-nodes = ["%s"] }
                  cluster-secret = "%s"
                  connections {
                    rw {
                      proposals = ["aes256gcm16-prfsha256-x25519"]
                      dpd_delay = 0s
                      local { auth = psk, id = "gw.ikec.test" }
                      remote { auth = psk, id = "%%any" }
                      children { net { local_ts = ["192.0.2.128/25"], remote_ts = ["192.0.2.64/26"],
                        esp_proposals = ["aes128-sha256"] } }
                    }
                  }
                  secrets { s { id = "%%any", secret = "%s" } }
                  ike { cookie-threshold = %d, retransmit-timeout = 500ms, retransmit-base = 1.0, retransmit-tries = 1 }
                }
                """.formatted(clusterPort, seed, clusterSecret, psk, cookieThreshold);
    }

    /** Stops the nodes together: stopped one by one, the last ones wait for shard hand-offs that cannot happen. */
    @AfterAll
    static void stopCluster() throws Exception {
        List<java.util.concurrent.CompletableFuture<?>> stopped = new ArrayList<>();
        for (Node node : nodes) {
            stopped.add(node.runtime().stop().toCompletableFuture());
        }
        for (java.util.concurrent.CompletableFuture<?> each : stopped) {
            each.get(30, TimeUnit.SECONDS);
        }
        nodes.clear();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** Deletes every IKE SA while the peers still respond, so the next test starts with none. */
    @AfterEach
    void terminateSasAndClosePeers() {
        ctl(nodes.get(0), "terminate", "--id", "*");
        boolean empty = awaitTrue(() -> clusterSas(nodes.get(0)).isEmpty());
        for (UdpIkePeer peer : peers) {
            peer.close();
        }
        peers.clear();
        assertThat(empty).as("no IKE SAs left").isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private static Ctl ctl(Node node, String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("ctl", "--mgmt", node.management()));
        args.addAll(List.of(arguments));
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Ctl(status, out.toString(), err.toString());
    }

    private static JsonNode json(Ctl result) {
        assertThat(result.exitStatus()).as("ctl failed: %s", result.err()).isZero();
        try {
            return JSON.readTree(result.out());
        } catch (IOException e) {
            throw new AssertionError("ctl printed no JSON: " + result.out(), e);
        }
    }

    private static List<JsonNode> clusterSas(Node node, String... filters) {
        List<String> arguments = new ArrayList<>(List.of("list", "--cluster", "--json"));
        arguments.addAll(List.of(filters));
        List<JsonNode> sas = new ArrayList<>();
        json(ctl(node, arguments.toArray(String[]::new))).forEach(sas::add);
        return sas;
    }

    private static int members(Node node) {
        Ctl result = ctl(node, "members");
        return result.exitStatus() != 0 ? 0 : (int) result.out().lines().filter(line -> line.contains(" Up ")).count();
    }

    private static boolean awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos() * 3;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Makes an IKE SA from 127.0.0.{host} through {@code node} as {@code identity}. */
    private UdpIkePeer connect(Node node, int host, String identity, String psk) {
        UdpIkePeer peer = new UdpIkePeer(new InetSocketAddress("127.0.0." + host, 0), node.ike(), node.natPort(),
                identity, psk);
        peers.add(peer);
        return peer;
    }

    private UdpIkePeer established(Node node, int host, String identity) {
        UdpIkePeer peer = connect(node, host, identity, PSK);
        assertThat(peer.establish()).as("IKE SA of %s established", identity).isTrue();
        assertThat(awaitTrue(() -> clusterSas(node, "--id", identity).size() == 1)).as("%s listed", identity).isTrue();
        return peer;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    // ------------------------------------------------------------------ list

    @Test
    void listFiltersAcrossCluster() {
        established(nodes.get(0), 101, "alice@ikec.test");
        established(nodes.get(1), 102, "bob@ikec.test");
        established(nodes.get(2), 103, "carol@example.org");

        List<JsonNode> all = clusterSas(nodes.get(1));
        List<JsonNode> ikecUsers = clusterSas(nodes.get(1), "--id", "*@ikec.test");
        List<JsonNode> fromBob = clusterSas(nodes.get(2), "--peer", "127.0.0.102");
        List<JsonNode> ofConnection = clusterSas(nodes.get(0), "--connection", "rw");
        List<JsonNode> otherConnection = clusterSas(nodes.get(0), "--connection", "site2");

        assertThat(all).hasSize(3);
        assertThat(ikecUsers).extracting(sa -> sa.path("remoteId").asText())
                .containsExactlyInAnyOrder("alice@ikec.test", "bob@ikec.test");
        assertThat(fromBob).extracting(sa -> sa.path("remoteId").asText()).containsExactly("bob@ikec.test");
        assertThat(ofConnection).hasSize(3);
        assertThat(otherConnection).isEmpty();
        for (Node node : nodes) {
            List<JsonNode> onNode = clusterSas(nodes.get(0), "--node", node.clusterAddress());
            assertThat(onNode).allMatch(sa -> sa.path("node").asText().endsWith("@" + node.clusterAddress()));
        }
        int perNode = 0;
        for (Node node : nodes) {
            perNode += clusterSas(nodes.get(0), "--node", node.clusterAddress()).size();
        }
        assertThat(perNode).isEqualTo(3);
    }

    @Test
    void listTableShowsFilteredSa() {
        UdpIkePeer alice = established(nodes.get(0), 101, "alice@ikec.test");

        Ctl result = ctl(nodes.get(2), "list", "--cluster", "--id", "alice@ikec.test");

        assertThat(result.exitStatus()).isZero();
        assertThat(result.out()).startsWith("rw: " + alice.nodeSaId() + ", ESTABLISHED, responder, node ");
        assertThat(result.out()).contains("  remote   'alice@ikec.test' @ 127.0.0.101:");
    }

    @Test
    void listInvalidFilterFails() {
        Ctl hostName = ctl(nodes.get(0), "list", "--peer", "vpn.example");
        Ctl badNode = ctl(nodes.get(0), "list", "--node", "node one");

        assertThat(hostName.exitStatus()).isEqualTo(2);
        assertThat(hostName.err()).isEqualTo("ikec ctl: invalid peer 'vpn.example': give an IP address such as"
                + " 192.0.2.10\n");
        assertThat(badNode.exitStatus()).isEqualTo(2);
        assertThat(badNode.err()).isEqualTo("ikec ctl: invalid node 'node one': give HOST:PORT or HOST as"
                + " 'ikec ctl shards' lists it\n");
    }

    @Test
    void unreachableNodeFails() throws IOException {
        int closedPort = freePort();

        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"ctl", "--mgmt", "127.0.0.1:" + closedPort, "list"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("ikec ctl: cannot reach the node's management interface at 127.0.0.1:"
                + closedPort + " (connection refused); is 'ikec node' running, and is --mgmt right?\n");
    }

    // ------------------------------------------------------------------ show

    @Test
    void showFindsSaFromEveryNode() {
        UdpIkePeer alice = established(nodes.get(1), 101, "alice@ikec.test");
        ChildSa child = alice.children().get(0);
        String spiIn = String.format("%08x", child.outboundSpi());
        String spiOut = String.format("%08x", child.inboundSpi());

        for (Node node : nodes) {
            JsonNode detail = json(ctl(node, "show", alice.nodeSaId(), "--json"));

            assertThat(detail.path("sa").path("id").asText()).isEqualTo(alice.nodeSaId());
            assertThat(detail.path("sa").path("remoteId").asText()).isEqualTo("alice@ikec.test");
            assertThat(detail.path("sa").path("children")).hasSize(1);
            assertThat(detail.path("sa").path("children").get(0).path("spiIn").asText()).isEqualTo(spiIn);
            assertThat(detail.path("sa").path("children").get(0).path("spiOut").asText()).isEqualTo(spiOut);
            assertThat(detail.path("sa").path("children").get(0).path("remoteTs").get(0).asText())
                    .isEqualTo("192.0.2.65/32");
            assertThat(detail.path("rekeyAt").isTextual()).isTrue();
            assertThat(detail.path("expireAt").isTextual()).isTrue();
            assertThat(detail.path("childLifetimes").get(0).path("spiIn").asText()).isEqualTo(spiIn);
            assertThat(detail.path("childLifetimes").get(0).path("rekeyAt").isTextual()).isTrue();
        }
        Ctl table = ctl(nodes.get(2), "show", alice.nodeSaId());
        assertThat(table.out()).contains("  rekey    in 3h ", "  expires  in 4h ", "  net: INSTALLED, ",
                "    spis     in " + spiIn + ", out " + spiOut, "    expires  in 1h 5");
    }

    @Test
    void showUnknownOrInvalidIdFails() {
        Ctl unknown = ctl(nodes.get(0), "show", "00000000000000aa");
        Ctl invalid = ctl(nodes.get(0), "show", "zz");

        assertThat(unknown.exitStatus()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("ikec ctl: no IKE SA with id '00000000000000aa'\n");
        assertThat(invalid.exitStatus()).isEqualTo(2);
        assertThat(invalid.err()).isEqualTo("ikec ctl: invalid IKE SA id 'zz': give the 16 hex digits that"
                + " 'ikec ctl list' shows\n");
    }

    // ------------------------------------------------------------------ terminate

    @Test
    void terminateByPeerClearsEveryNode() {
        UdpIkePeer first = established(nodes.get(0), 104, "dave@ikec.test");
        UdpIkePeer second = established(nodes.get(2), 104, "dave-phone@ikec.test");
        UdpIkePeer other = established(nodes.get(1), 105, "erin@ikec.test");

        Ctl result = ctl(nodes.get(1), "terminate", "--peer", "127.0.0.104");

        assertThat(result.exitStatus()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("terminated 2 IKE SAs\n");
        for (Node node : nodes) {
            assertThat(awaitTrue(() -> clusterSas(node, "--peer", "127.0.0.104").isEmpty())).isTrue();
            assertThat(clusterSas(node, "--peer", "127.0.0.105")).hasSize(1);
        }
        assertThat(first.await(first::closed, WAIT)).as("the first peer saw the DELETE").isTrue();
        assertThat(second.await(second::closed, WAIT)).as("the second peer saw the DELETE").isTrue();
        assertThat(other.closed()).isFalse();
    }

    @Test
    void terminateByIdentityGlob() {
        established(nodes.get(0), 106, "frank@corp.example");
        established(nodes.get(1), 107, "grace@corp.example");
        established(nodes.get(2), 108, "heidi@ikec.test");

        Ctl result = ctl(nodes.get(2), "terminate", "--id", "*@corp.example");

        assertThat(result.out()).isEqualTo("terminated 2 IKE SAs\n");
        assertThat(awaitTrue(() -> clusterSas(nodes.get(0)).size() == 1)).isTrue();
        assertThat(clusterSas(nodes.get(1)).get(0).path("remoteId").asText()).isEqualTo("heidi@ikec.test");
    }

    @Test
    void terminateByIdRemovesSa() {
        UdpIkePeer ivan = established(nodes.get(2), 109, "ivan@ikec.test");

        Ctl result = ctl(nodes.get(0), "terminate", ivan.nodeSaId());

        assertThat(result.out()).isEqualTo("terminated IKE SA " + ivan.nodeSaId() + "\n");
        for (Node node : nodes) {
            assertThat(awaitTrue(() -> clusterSas(node).isEmpty())).isTrue();
        }
    }

    @Test
    void terminateBadRequestsFail() {
        Ctl unknown = ctl(nodes.get(0), "terminate", "00000000000000bb");
        Ctl nothing = ctl(nodes.get(0), "terminate");
        Ctl both = ctl(nodes.get(0), "terminate", "00000000000000bb", "--peer", "127.0.0.1");

        assertThat(unknown.exitStatus()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("ikec ctl: no IKE SA with id '00000000000000bb'\n");
        assertThat(nothing.exitStatus()).isEqualTo(2);
        assertThat(nothing.err()).isEqualTo("ikec ctl: give either an IKE SA id or --peer and/or --id\n");
        assertThat(both.exitStatus()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ rekey

    @Test
    void rekeyChildMakesNewSpiPair() {
        UdpIkePeer judy = established(nodes.get(0), 110, "judy@ikec.test");
        ChildSa old = judy.children().get(0);
        String oldSpiIn = String.format("%08x", old.outboundSpi());
        String oldSpiOut = String.format("%08x", old.inboundSpi());

        Ctl result = ctl(nodes.get(1), "rekey", judy.nodeSaId(), "--child", oldSpiIn);

        assertThat(result.exitStatus()).as(result.err()).isZero();
        assertThat(judy.await(() -> judy.children().size() == 1 && !judy.children().get(0).equals(old), WAIT)).isTrue();
        ChildSa replacement = judy.children().get(0);
        String spiIn = String.format("%08x", replacement.outboundSpi());
        String spiOut = String.format("%08x", replacement.inboundSpi());
        assertThat(result.out()).isEqualTo("rekeyed CHILD SA net of IKE SA " + judy.nodeSaId() + ": SPIs "
                + oldSpiIn + "_i " + oldSpiOut + "_o replaced by " + spiIn + "_i " + spiOut + "_o\n");
        assertThat(spiIn).isNotEqualTo(oldSpiIn);
        assertThat(spiOut).isNotEqualTo(oldSpiOut);
        assertThat(awaitTrue(() -> json(ctl(nodes.get(2), "show", judy.nodeSaId(), "--json")).path("sa")
                .path("children").size() == 1)).isTrue();
        JsonNode child = json(ctl(nodes.get(2), "show", judy.nodeSaId(), "--json")).path("sa").path("children").get(0);
        assertThat(child.path("spiIn").asText()).isEqualTo(spiIn);
        assertThat(child.path("spiOut").asText()).isEqualTo(spiOut);
    }

    @Test
    void rekeyIkeSaMakesSuccessor() {
        UdpIkePeer mallory = established(nodes.get(2), 111, "mallory@ikec.test");
        String oldId = mallory.nodeSaId();

        Ctl result = ctl(nodes.get(0), "rekey", oldId, "--ike");

        assertThat(result.exitStatus()).as(result.err()).isZero();
        assertThat(mallory.await(() -> !mallory.nodeSaId().equals(oldId), WAIT)).isTrue();
        String newId = mallory.nodeSaId();
        assertThat(result.out()).isEqualTo("rekeyed IKE SA " + oldId + ", successor " + newId + "\n");
        assertThat(awaitTrue(() -> clusterSas(nodes.get(1)).stream().map(sa -> sa.path("id").asText()).toList()
                .equals(List.of(newId)))).isTrue();
        assertThat(clusterSas(nodes.get(1)).get(0).path("children")).hasSize(1);
    }

    @Test
    void rekeyOfUnreachablePeerFails() {
        UdpIkePeer oscar = established(nodes.get(0), 119, "oscar@ikec.test");
        String id = oscar.nodeSaId();
        String spiIn = String.format("%08x", oscar.children().get(0).outboundSpi());
        oscar.close();

        Ctl result = ctl(nodes.get(1), "rekey", id, "--child", spiIn);

        assertThat(result.exitStatus()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("ikec ctl: rekey of IKE SA " + id + " failed: the IKE SA closed or was"
                + " rekeyed before the CHILD SA rekey completed\n");
        assertThat(awaitTrue(() -> clusterSas(nodes.get(2)).isEmpty())).isTrue();
    }

    @Test
    void rekeyBadRequestsFail() {
        UdpIkePeer niaj = established(nodes.get(1), 112, "niaj@ikec.test");

        Ctl unknownChild = ctl(nodes.get(0), "rekey", niaj.nodeSaId(), "--child", "00000101");
        Ctl unknownSa = ctl(nodes.get(0), "rekey", "00000000000000cc");
        Ctl badSpi = ctl(nodes.get(0), "rekey", niaj.nodeSaId(), "--child", "xyz");
        Ctl both = ctl(nodes.get(0), "rekey", niaj.nodeSaId(), "--child", "00000101", "--ike");

        assertThat(unknownChild.exitStatus()).isEqualTo(1);
        assertThat(unknownChild.err()).isEqualTo("ikec ctl: IKE SA " + niaj.nodeSaId()
                + " has no CHILD SA with SPI 00000101\n");
        assertThat(unknownSa.exitStatus()).isEqualTo(1);
        assertThat(unknownSa.err()).isEqualTo("ikec ctl: no IKE SA with id '00000000000000cc'\n");
        assertThat(badSpi.exitStatus()).isEqualTo(2);
        assertThat(badSpi.err()).isEqualTo("ikec ctl: invalid CHILD SA SPI 'xyz': give the 8 hex digits that"
                + " 'ikec ctl show' lists\n");
        assertThat(both.exitStatus()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("ikec ctl: give either --child SPI or --ike, not both\n");
    }

    // ------------------------------------------------------------------ reload

    @Test
    void reloadSwapsPskOnEveryNode() throws Exception {
        String newPsk = "management-verbs-new-psk";
        UdpIkePeer before = established(nodes.get(0), 113, "olivia@ikec.test");
        try {
            writeConfigs(newPsk);

            Ctl result = ctl(nodes.get(1), "reload", "--cluster");

            assertThat(result.exitStatus()).as(result.err()).isZero();
            assertThat(result.out().lines().filter(line -> line.endsWith("connections added none, changed none,"
                    + " removed none; 1 secrets"))).hasSize(3);
            for (int i = 0; i < 3; i++) {
                UdpIkePeer oldKey = connect(nodes.get(i), 114, "peggy" + i + "@ikec.test", PSK);
                UdpIkePeer newKey = connect(nodes.get(i), 115, "rupert" + i + "@ikec.test", newPsk);
                assertThat(oldKey.establish()).as("old PSK through node %d", i).isFalse();
                assertThat(oldKey.failed()).isTrue();
                assertThat(newKey.establish()).as("new PSK through node %d", i).isTrue();
            }
            assertThat(before.closed()).as("the IKE SA made before the reload stays").isFalse();
            assertThat(clusterSas(nodes.get(2), "--id", "olivia@ikec.test")).hasSize(1);
        } finally {
            writeConfigs(PSK);
            assertThat(ctl(nodes.get(0), "reload", "--cluster").exitStatus()).isZero();
        }
    }

    @Test
    void reloadRenamedConnectionKeepsExistingSa() throws Exception {
        UdpIkePeer before = established(nodes.get(2), 117, "trent@ikec.test");
        try {
            for (Node node : nodes) {
                Files.writeString(node.configFile(), Files.readString(node.configFile()).replace("    rw {", "    rw2 {"));
            }

            Ctl result = ctl(nodes.get(2), "reload");
            Ctl others = ctl(nodes.get(2), "reload", "--cluster");

            assertThat(result.exitStatus()).as(result.err()).isZero();
            assertThat(result.out()).startsWith("node ikec@" + nodes.get(2).clusterAddress()
                    + ": configuration reloaded; connections added rw2, changed none, removed rw; 1 secrets\n");
            assertThat(result.out()).contains("existing IKE SAs keep their settings until they end");
            assertThat(others.exitStatus()).as(others.err()).isZero();
            UdpIkePeer after = established(nodes.get(1), 118, "victor@ikec.test");
            assertThat(clusterSas(nodes.get(0), "--connection", "rw2")).extracting(sa -> sa.path("id").asText())
                    .containsExactly(after.nodeSaId());
            assertThat(clusterSas(nodes.get(0), "--connection", "rw")).extracting(sa -> sa.path("id").asText())
                    .containsExactly(before.nodeSaId());
        } finally {
            writeConfigs(PSK);
            assertThat(ctl(nodes.get(0), "reload", "--cluster").exitStatus()).isZero();
        }
    }

    @Test
    void reloadRejectsBadFileAndKeepsRunningConfig() throws Exception {
        Path file = nodes.get(0).configFile();
        String original = Files.readString(file);
        try {
            Files.writeString(file, original.replace("proposals = [\"aes256gcm16-prfsha256-x25519\"]",
                    "proposals = \"aes256gcm16\" ]"));

            Ctl result = ctl(nodes.get(0), "reload");

            Ctl cluster = ctl(nodes.get(1), "reload", "--cluster");

            assertThat(result.exitStatus()).isEqualTo(2);
            assertThat(result.err()).startsWith("ikec ctl: configuration error: " + file + ": ");
            assertThat(result.err().lines()).hasSize(1);
            assertThat(cluster.exitStatus()).isEqualTo(1);
            assertThat(cluster.err()).startsWith("ikec ctl: node ikec@" + nodes.get(0).clusterAddress()
                    + ": configuration error: " + file + ": ");
            assertThat(cluster.err().lines()).hasSize(1);
            established(nodes.get(0), 116, "sybil@ikec.test");
        } finally {
            Files.writeString(file, original);
        }
    }

    @Test
    void reloadRejectsFixedSettingsByName() throws Exception {
        Path file = nodes.get(1).configFile();
        String original = Files.readString(file);
        try {
            Files.writeString(file, config(nodes.get(1).clusterPort(), seed(), PSK, "another-cluster-secret-value", 5));

            Ctl result = ctl(nodes.get(1), "reload");

            assertThat(result.exitStatus()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("ikec ctl: reload rejected: ikec.cluster-secret,"
                    + " ikec.ike.cookie-threshold cannot change while the node runs; restart the node to apply them,"
                    + " or restore the running value\n");
        } finally {
            Files.writeString(file, original);
        }
    }

    private static void writeConfigs(String psk) throws IOException {
        for (Node node : nodes) {
            Files.writeString(node.configFile(), config(node.clusterPort(), seed(), psk, CLUSTER_SECRET, COOKIE_THRESHOLD));
        }
    }

    private static String seed() {
        return "pekko://ikec@" + nodes.get(0).clusterAddress();
    }

    // ------------------------------------------------------------------ pools

    @Test
    void reloadClusterAgreesOnPools() throws Exception {
        String header = "pool                     size   leased     free  exhausted\n";
        try {
            writePoolConfigs("rw4 { addrs = \"10.3.0.0/28\" }");
            Ctl added = ctl(nodes.get(2), "reload", "--cluster");
            List<String> leased = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                UdpIkePeer peer = UdpIkePeer.requestingAddress(new InetSocketAddress("127.0.0." + (120 + i), 0),
                        nodes.get(i).ike(), nodes.get(i).natPort(), "pool" + i + "@ikec.test", PSK,
                        (Inet4Address) InetAddress.getByName("10.3.0." + (9 + i)));
                peers.add(peer);
                assertThat(peer.establish()).as("IKE SA with a virtual IP through node %d", i).isTrue();
                leased.add(peer.leasedIpv4().orElseThrow().getHostAddress());
            }
            writePoolConfigs("rw4 { addrs = \"10.3.0.0/29\" }");
            Ctl shrunk = ctl(nodes.get(0), "reload", "--cluster");

            assertThat(added.exitStatus()).as(added.err()).isZero();
            assertThat(added.out().lines().filter(line -> line.equals("  pools added rw4, changed none, removed none")))
                    .hasSize(3);
            assertThat(leased).containsExactly("10.3.0.9", "10.3.0.10", "10.3.0.11");
            assertThat(shrunk.exitStatus()).as(shrunk.err()).isZero();
            assertThat(shrunk.out().lines().filter(line -> line.equals("  pool rw4 not changed from 10.3.0.0/28 to"
                    + " 10.3.0.0/29: 3 leased addresses are outside the new range; reload again once they are"
                    + " released"))).hasSize(3);
            for (Node node : nodes) {
                assertThat(ctl(node, "pools").out()).as("pools on %s", node.management())
                        .isEqualTo(header + "rw4                        14        3       11          0\n");
            }
        } finally {
            ctl(nodes.get(0), "terminate", "--id", "*");
            boolean released = awaitTrue(() -> ctl(nodes.get(0), "pools").out()
                    .equals(header + "rw4                        14        0       14          0\n"));
            writeConfigs(PSK);
            Ctl restored = ctl(nodes.get(0), "reload", "--cluster");
            assertThat(released).as("leases released").isTrue();
            assertThat(restored.exitStatus()).as(restored.err()).isZero();
            assertThat(restored.out().lines()
                    .filter(line -> line.equals("  pools added none, changed none, removed rw4"))).hasSize(3);
        }
    }

    /** Writes every node's file with {@code pools}, which connection {@code rw} leases from as {@code rw4}. */
    private static void writePoolConfigs(String pools) throws IOException {
        for (Node node : nodes) {
            String config = config(node.clusterPort(), seed(), PSK, CLUSTER_SECRET, COOKIE_THRESHOLD)
                    .replace(", remote_ts = [\"192.0.2.64/26\"],", ",")
                    .replace("      children {", "      pools = [\"rw4\"]\n      children {")
                    .replace("  secrets {", "  pools { " + pools + " }\n  secrets {");
            Files.writeString(node.configFile(), config);
        }
    }

    // ------------------------------------------------------------------ log-level

    @Test
    void logLevelSetsAndShowsSubsystem() {
        try {
            Ctl set = ctl(nodes.get(1), "log-level", "ike", "debug");
            Ctl shown = ctl(nodes.get(1), "log-level");

            assertThat(set.exitStatus()).as(set.err()).isZero();
            assertThat(set.out()).contains("ike      DEBUG\n");
            assertThat(shown.out()).startsWith("ike      DEBUG\n");
            assertThat(shown.out().lines()).hasSize(7);
            assertThat(LoggerFactory.getLogger("org.ikec.ike").isDebugEnabled()).isTrue();
        } finally {
            ctl(nodes.get(1), "log-level", "ike", "info");
        }
        assertThat(LoggerFactory.getLogger("org.ikec.ike").isDebugEnabled()).isFalse();
    }

    @Test
    void logLevelBadRequestsFail() {
        Ctl subsystem = ctl(nodes.get(0), "log-level", "kernel", "debug");
        Ctl level = ctl(nodes.get(0), "log-level", "ike", "loud");
        Ctl missing = ctl(nodes.get(0), "log-level", "ike");

        assertThat(subsystem.exitStatus()).isEqualTo(2);
        assertThat(subsystem.err()).isEqualTo("ikec ctl: unknown log subsystem 'kernel'; expected one of ike, enc,"
                + " net, cfg, cluster, snmp, radius\n");
        assertThat(level.exitStatus()).isEqualTo(2);
        assertThat(level.err()).isEqualTo("ikec ctl: unknown log level 'loud'; expected one of TRACE, DEBUG, INFO,"
                + " WARN, ERROR, OFF\n");
        assertThat(missing.exitStatus()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("ikec ctl: give both SUBSYSTEM and LEVEL, for example 'log-level ike"
                + " debug', or neither to show the levels\n");
    }

    // ------------------------------------------------------------------ shards

    @Test
    void shardsSumToClusterSas() {
        for (int i = 0; i < 6; i++) {
            established(nodes.get(i % 3), 120 + i, "user" + i + "@ikec.test");
        }

        Ctl result = ctl(nodes.get(0), "shards");

        assertThat(result.exitStatus()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.format("%-32s %7s %9s %8s", "node", "shards", "entities", "IKE SAs"));
        assertThat(lines).hasSize(5);
        int sum = 0;
        for (String line : lines.subList(1, 4)) {
            String[] columns = line.trim().split("\\s+");
            assertThat(columns[0]).startsWith("ikec@127.0.0.1:");
            assertThat(Integer.parseInt(columns[2])).isGreaterThanOrEqualTo(Integer.parseInt(columns[3]));
            sum += Integer.parseInt(columns[3]);
        }
        assertThat(sum).isEqualTo(6);
        assertThat(lines.get(4).trim().split("\\s+")[3]).isEqualTo("6");
        // Another node lists a member's SAs only once its receptionist lists that member's directory.
        assertThat(awaitTrue(() -> clusterSas(nodes.get(2)).size() == 6))
                .as("6 IKE SAs listed by the third node").isTrue();
    }

    @Test
    void shardsUnknownOptionFails() {
        Ctl result = ctl(nodes.get(0), "shards", "--unknown");

        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("ikec ctl shards: unknown option '--unknown' (see 'ikec ctl shards --help')"
                + System.lineSeparator());
    }
}
