package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks jnxIkeTunnelTable (JNX-IPSEC-MONITOR-MIB) with net-snmp's snmpwalk and snmpbulkwalk on
 * node 1 of a three-node cluster while strongSwan 5.9.8 peers hold IKE SAs on every node. One
 * peer and node 1 initiate to each other at the same moment, which leaves two IKE SAs for that
 * peer, so the table contains two rows for one peer that differ only in the tunnel index. Other peers send IKE straight to the node addresses, one of them over
 * IPv6, in three service sets. The walked rows are compared with {@code ctl list --cluster --json};
 * then walks run while peers create and delete SAs in a bounded loop.
 */
@Tag("interop")
@RequiresLab
class SnmpClusterWalkInteropTest {

    private static final String PSK = "interop-psk-4e7b2a9c61d83f05";
    private static final String CLUSTER_SECRET = "0x2a4c6e8f1b3d5f7091a2b3c4d5e6f708";
    private static final String NODE_ID = "gw.ikec.test";
    private static final String BOTH_ENDS_ID = "both.ikec.test";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final int NODES = 3;
    private static final int CLIENTS = 6;
    private static final int ARTERY_PORT = 25520;
    private static final int FIRST_MANAGEMENT_PORT = 7511;
    private static final int SNMP_PORT = 16100;
    private static final String COMMUNITY = "public";
    private static final String GATEWAY_V6 = "2001:db8:6::1";
    private static final String PEER_V6 = "2001:db8:6::2";
    private static final String PEER_V6_INNER = "192.0.2.100";
    private static final int CHURN_CYCLES = 4;
    private static final int MAX_CHURN_WALKS = 30;
    private static final int GET_BATCH = 20;
    /** jnxIkeTunMonActiveTime, a jnxIkeTunnelEntry column whose value grows while an SA exists. */
    private static final int ACTIVE_TIME_COLUMN = 21;
    /** jnxIkeTunIn/OutOctets and In/OutPkts, which grow with every IKE datagram, liveness checks included. */
    private static final Set<Integer> IKE_COUNTER_COLUMNS = Set.of(22, 23, 24, 25);
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(20);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    void walkMatchesClusterListing() throws Exception {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            BalancedClusterTopology topology = BalancedClusterTopology.create(lab, NODES, CLIENTS);
            String v6Namespace = addIpv6Peer(lab, topology);
            List<ConcentratorNode> nodes = startNodes(lab, topology);
            List<StrongSwanPeer> clients = startClients(lab, topology);
            StrongSwanPeer v6Peer = startIpv6Peer(lab, v6Namespace);
            NetSnmpClient snmp = new NetSnmpClient(lab, topology.gatewayNamespace(), "127.0.0.1:" + SNMP_PORT,
                    COMMUNITY);

            // Every peer but client 0 initiates, which also waits out the start of cluster sharding.
            List<CompletableFuture<?>> initiations = new ArrayList<>();
            for (int index = 1; index < CLIENTS; index++) {
                StrongSwanPeer client = clients.get(index);
                initiations.add(CompletableFuture.runAsync(() -> client.initiate("net")));
            }
            initiations.add(CompletableFuture.runAsync(() -> v6Peer.initiate("net")));
            CompletableFuture.allOf(initiations.toArray(CompletableFuture[]::new)).get();

            // Client 0 sends IKE_SA_INIT to node 1 while node 1 sends its own to client 0. ctl is a
            // JVM that starts slower than swanctl, so swanctl waits for about the time one ctl call takes.
            long ctlStarted = System.nanoTime();
            nodes.get(0).listSas();
            Duration ctlStartup = Duration.ofNanos(System.nanoTime() - ctlStarted);
            CompletableFuture<String> nodeInitiation = CompletableFuture.supplyAsync(() -> nodes.get(0).initiate("site"));
            Waits.sleep(ctlStartup.multipliedBy(3).dividedBy(4));
            clients.get(0).initiate("net");
            assertThat(nodeInitiation.get()).matches("initiated site as IKE SA [0-9a-f]{16}");

            int expectedSas = CLIENTS + 2;
            List<ClusterSa> listed = Waits.until(expectedSas + " established IKE SAs with tunnel indexes",
                    CONVERGENCE_TIMEOUT, () -> {
                        List<ClusterSa> sas = nodes.get(1).listClusterSas();
                        boolean complete = sas.size() == expectedSas && sas.stream()
                                .allMatch(sa -> "ESTABLISHED".equals(sa.state()) && sa.tunnelIndex() != null);
                        return complete ? Optional.of(sas) : Optional.empty();
                    }, () -> diagnostics(nodes, clients.get(0)));
            assertThat(nodes.get(2).listClusterSas()).containsExactlyInAnyOrderElementsOf(listed);

            List<ClusterSa> bothEnds = listed.stream().filter(sa -> BOTH_ENDS_ID.equals(sa.remoteId())).toList();
            assertThat(bothEnds).hasSize(2);
            assertThat(bothEnds).extracting(ClusterSa::connection).containsOnly("site");
            assertThat(bothEnds).extracting(ClusterSa::initiator).containsExactlyInAnyOrder(true, false);
            assertThat(bothEnds).extracting(ClusterSa::remoteAddress)
                    .containsOnly(topology.clients().get(0).address() + ":4500");
            assertThat(clients.get(0).listSas()).extracting(IkeSaStatus::state).containsExactly("ESTABLISHED", "ESTABLISHED");
            assertThat(listed).extracting(ClusterSa::connection).containsOnly("site", "rw", "branch");
            assertThat(listed).extracting(sa -> literal(sa.remoteHost())).contains(literal(PEER_V6));

            Set<JnxTunnelIndex> expectedRows = rowsOf(listed);
            assertThat(expectedRows).hasSize(expectedSas);
            NetSnmpClient.Result walk = Waits.until("the walk to list the " + expectedSas + " tunnels",
                    CONVERGENCE_TIMEOUT, () -> {
                        NetSnmpClient.Result result = snmp.walk(JnxTunnelIndex.IKE_TUNNEL_TABLE);
                        boolean matches = result.exitCode() == 0 && rowIndexes(result).equals(expectedRows);
                        return matches ? Optional.of(result) : Optional.empty();
                    }, () -> snmp.walk(JnxTunnelIndex.IKE_TUNNEL_TABLE).output());

            assertCompleteWalk(walk, expectedRows);
            List<JnxTunnelIndex> bothEndsRows = expectedRows.stream()
                    .filter(row -> row.serviceSet().equals("site")).toList();
            assertThat(bothEndsRows).hasSize(2);
            assertThat(bothEndsRows.get(0).remoteAddress()).isEqualTo(bothEndsRows.get(1).remoteAddress());
            assertThat(bothEndsRows.get(0).tunnelIndex()).isNotEqualTo(bothEndsRows.get(1).tunnelIndex());

            NetSnmpClient.Result bulkWalk = snmp.bulkWalk(JnxTunnelIndex.IKE_TUNNEL_TABLE, 50);
            assertCompleteWalk(bulkWalk, expectedRows);
            assertSameBindings(walk.bindings(), bulkWalk.bindings());

            assertGetsMatch(snmp, walk.bindings());

            Set<Set<JnxTunnelIndex>> rowSetsSeen = walkDuringChurn(snmp, clients.subList(1, 4));
            assertThat(rowSetsSeen).as("distinct row sets the walks saw while SAs came and went").hasSizeGreaterThan(1);

            List<ClusterSa> remaining = Waits.until("the churning clients' IKE SAs to be gone from the cluster",
                    CONVERGENCE_TIMEOUT, () -> {
                        List<ClusterSa> sas = nodes.get(2).listClusterSas();
                        return sas.size() == expectedSas - 3 ? Optional.of(sas) : Optional.empty();
                    }, () -> diagnostics(nodes, clients.get(0)));
            Set<JnxTunnelIndex> remainingRows = rowsOf(remaining);
            assertThat(remainingRows).isSubsetOf(expectedRows);
            NetSnmpClient.Result finalWalk = Waits.until("the walk to list the remaining tunnels", CONVERGENCE_TIMEOUT,
                    () -> {
                        NetSnmpClient.Result result = snmp.bulkWalk(JnxTunnelIndex.IKE_TUNNEL_TABLE, 50);
                        boolean matches = result.exitCode() == 0 && rowIndexes(result).equals(remainingRows);
                        return matches ? Optional.of(result) : Optional.empty();
                    }, () -> snmp.walk(JnxTunnelIndex.IKE_TUNNEL_TABLE).output());
            assertCompleteWalk(finalWalk, remainingRows);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /**
     * Connects a namespace straight to the gateway namespace over IPv6. Duplicate address
     * detection is off in both, so node 1 can bind the gateway address at once.
     */
    private static String addIpv6Peer(NetworkLab lab, BalancedClusterTopology topology) {
        String namespace = lab.addNamespace("v6");
        for (String ns : List.of(namespace, topology.gatewayNamespace())) {
            lab.exec(ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0").orThrow();
            lab.exec(ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0").orThrow();
        }
        lab.connect(namespace, PEER_V6 + "/64", topology.gatewayNamespace(), GATEWAY_V6 + "/64");
        lab.addAddress(namespace, "lo", PEER_V6_INNER + "/32");
        return namespace;
    }

    private static List<ConcentratorNode> startNodes(NetworkLab lab, BalancedClusterTopology topology)
            throws Exception {
        List<BalancedClusterTopology.Client> clients = topology.clients();
        String seed = "pekko://ikec@" + topology.nodeAddresses().get(0) + ":" + ARTERY_PORT;
        String connections = """
                connections {
                  site {
                    remote_addrs = ["%s"]
                    proposals = ["%s"]
                    local { auth = psk, id = "%s" }
                    remote { auth = psk, id = "%s" }
                    children { net { local_ts = ["%s/32"], remote_ts = ["%s"], esp_proposals = ["aes256gcm16"] } }
                  }
                  branch {
                    remote_addrs = ["%s", "%s", "%s"]
                    proposals = ["%s"]
                    local { auth = psk, id = "%s" }
                    remote { auth = psk, id = "%%any" }
                    children { net { local_ts = ["%s/32"], remote_ts = ["%s"], esp_proposals = ["aes256gcm16"] } }
                  }
                }
                """.formatted(clients.get(0).address(), PROPOSAL, NODE_ID, BOTH_ENDS_ID,
                BalancedClusterTopology.GATEWAY_INNER, clients.get(0).innerSubnet(),
                clients.get(4).address(), clients.get(5).address(), PEER_V6, PROPOSAL, NODE_ID,
                BalancedClusterTopology.GATEWAY_INNER, BalancedClusterTopology.CLIENT_INNER_SUBNET);

        List<CompletableFuture<ConcentratorNode>> starting = new ArrayList<>();
        for (int node = 0; node < NODES; node++) {
            String address = topology.nodeAddresses().get(node);
            String snmp = node == 0
                    ? "snmp { enabled = true, address = \"127.0.0.1\", port = %d, community = \"%s\" }"
                    .formatted(SNMP_PORT, COMMUNITY)
                    : "";
            String extras = """
                    cluster { address = "%s", port = %d, seed-nodes = ["%s"], transport = tcp }
                    cluster-secret = "%s"
                    %s
                    %s
                    """.formatted(address, ARTERY_PORT, seed, CLUSTER_SECRET, connections, snmp);
            List<String> listen = node == 0 ? List.of(address, GATEWAY_V6) : List.of(address);
            NodeConfig config = new NodeConfig(listen, 500, 4500, FIRST_MANAGEMENT_PORT + node, "rw",
                    List.of(PROPOSAL), NODE_ID, "%any", "net",
                    List.of(BalancedClusterTopology.GATEWAY_INNER + "/32"),
                    List.of(BalancedClusterTopology.CLIENT_INNER_SUBNET), List.of("aes256gcm16"), PSK,
                    List.of(clients.get(1).address(), clients.get(2).address(), clients.get(3).address()),
                    "", "", extras);
            String name = "node" + (node + 1);
            starting.add(CompletableFuture.supplyAsync(
                    () -> ConcentratorNode.start(lab, topology.gatewayNamespace(), name, config)));
        }

        List<ConcentratorNode> nodes = new ArrayList<>();
        for (CompletableFuture<ConcentratorNode> node : starting) {
            nodes.add(node.get());
        }
        return nodes;
    }

    /**
     * Starts one charon per client. Client 0 sends IKE to node 1 and accepts node 1's IKE_SA_INIT
     * for the same connection. Client {@code i} sends IKE to node {@code i mod 3}.
     */
    private static List<StrongSwanPeer> startClients(NetworkLab lab, BalancedClusterTopology topology) {
        List<StrongSwanPeer> clients = new ArrayList<>();
        for (int index = 0; index < CLIENTS; index++) {
            BalancedClusterTopology.Client client = topology.clients().get(index);
            String node = topology.nodeAddresses().get(index % NODES);
            StrongSwanPeer peer = StrongSwanPeer.create(lab, client.namespace(), "client" + index);
            if (index == 0) {
                // Without this, swanctl --initiate would start the CHILD SA inside the IKE SA node 1 set up.
                peer.charonOption("reuse_ikesa", "no");
            }
            peer.start();
            peer.loadConfig(SwanctlConfig.builder("lab", "net")
                    .localAddrs(client.address())
                    .remoteAddrs(node)
                    .proposals(PROPOSAL)
                    .espProposals("aes256gcm16")
                    .localId(index == 0 ? BOTH_ENDS_ID : "client" + index + ".ikec.test")
                    // Two IKE SAs with the same identities on purpose: charon must not replace the older one.
                    .unique(index == 0 ? "never" : "no")
                    .remoteId(NODE_ID)
                    .psk(PSK)
                    .localTs(client.innerSubnet())
                    .remoteTs(BalancedClusterTopology.GATEWAY_INNER + "/32")
                    .startAction("none")
                    .build());
            clients.add(peer);
        }
        return clients;
    }

    private static StrongSwanPeer startIpv6Peer(NetworkLab lab, String namespace) {
        StrongSwanPeer peer = StrongSwanPeer.create(lab, namespace, "v6peer");
        peer.start();
        peer.loadConfig(SwanctlConfig.builder("lab", "net")
                .localAddrs(PEER_V6)
                .remoteAddrs(GATEWAY_V6)
                .proposals(PROPOSAL)
                .espProposals("aes256gcm16")
                .localId("v6.ikec.test")
                .remoteId(NODE_ID)
                .psk(PSK)
                .localTs(PEER_V6_INNER + "/32")
                .remoteTs(BalancedClusterTopology.GATEWAY_INNER + "/32")
                .startAction("none")
                .build());
        return peer;
    }

    /**
     * Asserts that the walk ended without error, its OIDs strictly increase, and every column it
     * returned contains each expected row exactly once.
     */
    private static void assertCompleteWalk(NetSnmpClient.Result walk, Set<JnxTunnelIndex> expectedRows) {
        assertThat(walk.exitCode()).as("exit code, output:\n%s", walk.output()).isZero();
        assertThat(walk.output()).doesNotContain("OID not increasing", "Timeout", "Error");
        assertStrictlyIncreasing(walk);

        Map<Integer, List<JnxTunnelIndex>> rowsByColumn = new HashMap<>();
        for (NetSnmpClient.Binding binding : walk.bindings()) {
            rowsByColumn.computeIfAbsent(JnxTunnelIndex.columnOf(binding.oid()), column -> new ArrayList<>())
                    .add(JnxTunnelIndex.ofInstance(binding.oid()));
        }
        assertThat(rowsByColumn.keySet()).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(2, 25).boxed().toList());
        for (Map.Entry<Integer, List<JnxTunnelIndex>> column : rowsByColumn.entrySet()) {
            assertThat(column.getValue()).as("rows of column %d", column.getKey())
                    .containsExactlyInAnyOrderElementsOf(expectedRows);
        }
    }

    private static void assertStrictlyIncreasing(NetSnmpClient.Result walk) {
        List<NetSnmpClient.Binding> bindings = walk.bindings();
        assertThat(bindings).as("bindings, output:\n%s", walk.output()).isNotEmpty();
        for (int i = 1; i < bindings.size(); i++) {
            String previous = bindings.get(i - 1).oid();
            String current = bindings.get(i).oid();
            assertThat(compareOids(previous, current)).as("%s before %s", previous, current).isNegative();
        }
    }

    /** Compares two dotted OIDs sub-identifier by sub-identifier, as SNMP orders them. */
    static int compareOids(String left, String right) {
        String[] a = left.substring(1).split("\\.");
        String[] b = right.substring(1).split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int order = Long.compare(Long.parseLong(a[i]), Long.parseLong(b[i]));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /**
     * Asserts that a later read returned the same OIDs in the same order with the same values, except
     * that jnxIkeTunMonActiveTime, a TimeInterval the agent computes at read time, and the IKE traffic
     * counters may only have grown.
     */
    private static void assertSameBindings(List<NetSnmpClient.Binding> earlier, List<NetSnmpClient.Binding> later) {
        assertThat(later).extracting(NetSnmpClient.Binding::oid)
                .containsExactlyElementsOf(earlier.stream().map(NetSnmpClient.Binding::oid).toList());
        for (int i = 0; i < earlier.size(); i++) {
            NetSnmpClient.Binding before = earlier.get(i);
            NetSnmpClient.Binding after = later.get(i);
            int column = JnxTunnelIndex.columnOf(before.oid());
            if (column == ACTIVE_TIME_COLUMN) {
                assertThat(integerValue(after)).as("%s", after.oid()).isGreaterThanOrEqualTo(integerValue(before));
            } else if (IKE_COUNTER_COLUMNS.contains(column)) {
                assertThat(counterValue(after)).as("%s", after.oid()).isGreaterThanOrEqualTo(counterValue(before));
            } else {
                assertThat(after.value()).as("%s", after.oid()).isEqualTo(before.value());
            }
        }
    }

    /** Returns the value of a Counter32 or Counter64 binding, as net-snmp prints it. */
    private static long counterValue(NetSnmpClient.Binding binding) {
        assertThat(binding.value()).as("%s", binding.oid()).matches("Counter(32|64): [0-9]+");
        return Long.parseLong(binding.value().substring(binding.value().indexOf(": ") + 2));
    }

    private static long integerValue(NetSnmpClient.Binding binding) {
        assertThat(binding.value()).as("%s", binding.oid()).startsWith("INTEGER: ");
        return Long.parseLong(binding.value().substring("INTEGER: ".length()));
    }

    /** Reads every walked OID again with GET requests of {@value #GET_BATCH} OIDs and compares the values. */
    private static void assertGetsMatch(NetSnmpClient snmp, List<NetSnmpClient.Binding> walked) {
        for (int from = 0; from < walked.size(); from += GET_BATCH) {
            List<NetSnmpClient.Binding> batch = walked.subList(from, Math.min(walked.size(), from + GET_BATCH));
            NetSnmpClient.Result got = snmp.get(batch.stream().map(NetSnmpClient.Binding::oid).toList());

            assertThat(got.exitCode()).as("snmpget exit code, output:\n%s", got.output()).isZero();
            assertSameBindings(batch, got.bindings());
        }
    }

    /**
     * Lets each churning client create and delete its IKE SA {@value #CHURN_CYCLES} times while
     * walks run back to back, at most {@value #MAX_CHURN_WALKS} of them; each walk must end
     * without error and with strictly increasing OIDs. Returns the distinct sets of rows the walks saw.
     */
    private static Set<Set<JnxTunnelIndex>> walkDuringChurn(NetSnmpClient snmp, List<StrongSwanPeer> churning) throws Exception {
        CompletableFuture<Void> churn = CompletableFuture.allOf(churning.stream()
                .map(client -> CompletableFuture.runAsync(() -> {
                    for (int cycle = 0; cycle < CHURN_CYCLES; cycle++) {
                        if (client.ikeSa("lab").isEmpty()) {
                            client.initiate("net");
                        }
                        client.terminateIke("lab");
                    }
                }))
                .toArray(CompletableFuture[]::new));

        Set<Set<JnxTunnelIndex>> rowSets = new HashSet<>();
        int walks = 0;
        while (!churn.isDone() && walks < MAX_CHURN_WALKS) {
            NetSnmpClient.Result walk = walks % 2 == 0
                    ? snmp.walk(JnxTunnelIndex.IKE_TUNNEL_TABLE)
                    : snmp.bulkWalk(JnxTunnelIndex.IKE_TUNNEL_TABLE, 50);
            assertThat(walk.exitCode()).as("walk %d exit code, output:\n%s", walks, walk.output()).isZero();
            assertThat(walk.output()).doesNotContain("OID not increasing");
            assertStrictlyIncreasing(walk);
            rowSets.add(rowIndexes(walk));
            walks++;
        }
        churn.get();
        return rowSets;
    }

    private static Set<JnxTunnelIndex> rowsOf(List<ClusterSa> sas) {
        Set<JnxTunnelIndex> rows = new HashSet<>();
        for (ClusterSa sa : sas) {
            rows.add(new JnxTunnelIndex(sa.connection(), literal(sa.remoteHost()), sa.tunnelIndex()));
        }
        return rows;
    }

    private static Set<JnxTunnelIndex> rowIndexes(NetSnmpClient.Result walk) {
        return walk.bindings().stream().map(binding -> JnxTunnelIndex.ofInstance(binding.oid()))
                .collect(Collectors.toSet());
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + address, e);
        }
    }

    private static String diagnostics(List<ConcentratorNode> nodes, StrongSwanPeer bothEnds) {
        StringBuilder text = new StringBuilder();
        for (ConcentratorNode node : nodes) {
            text.append(node.outputWithHeader()).append('\n');
        }
        return text.append(bothEnds.logTail()).toString();
    }
}
