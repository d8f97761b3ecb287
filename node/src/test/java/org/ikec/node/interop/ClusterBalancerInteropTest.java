package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes form one cluster behind nginx's UDP load balancer, and strongSwan 5.9.8
 * clients, each with its own identity and source address, establish, rekey and delete IKE SAs
 * through it. Every node lists the SAs whose entities it runs, so each client's SA appears on
 * exactly one node, and cluster sharding spreads them over the nodes.
 *
 * <p>The nodes see nginx's address as the peer's, so strongSwan's NAT detection (RFC 7296
 * §2.23) reports the remote host behind a NAT. The system properties {@code ikec.lab.transport}
 * (tcp or aeron-udp, default tcp) and {@code ikec.lab.clients} (default 6) change the run, and
 * {@code ikec.lab.rate-file} names a file that receives the handshake rate as one JSON line.
 */
@Tag("interop")
@RequiresLab
class ClusterBalancerInteropTest {

    private static final String PSK = "interop-psk-9a4c1e7d2b6f4058";
    private static final String CLUSTER_SECRET = "0x5f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String NODE_ID = "gw.ikec.test";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final int NODES = 3;
    private static final int ARTERY_PORT = 25520;
    private static final int FIRST_MANAGEMENT_PORT = 7501;
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(45);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    void clientsThroughBalancerSpreadOverCluster() throws Exception {
        String transport = System.getProperty("ikec.lab.transport", "tcp");
        int clientCount = Integer.getInteger("ikec.lab.clients", 6);
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            BalancedClusterTopology topology = BalancedClusterTopology.create(lab, NODES, clientCount);
            List<ConcentratorNode> nodes = startNodes(lab, topology, transport);
            NginxBalancer nginx = NginxBalancer.start(lab, topology.gatewayNamespace(), topology.balancerAddress(),
                    topology.nodeAddresses());
            List<StrongSwanPeer> clients = startClients(lab, topology);

            // IKE_SA_INIT and IKE_AUTH from every client at once, each through nginx to some node
            long started = System.nanoTime();
            CompletableFuture.allOf(clients.stream()
                    .map(client -> CompletableFuture.runAsync(() -> client.initiate("net")))
                    .toArray(CompletableFuture[]::new)).get();
            long elapsedNanos = System.nanoTime() - started;
            recordRate(transport, clientCount, elapsedNanos);

            Map<String, Integer> placement = awaitPlacement(nodes, clientIds(clientCount), () -> diagnostics(nodes, nginx));
            assertThat(placement).hasSize(clientCount);
            // Sharding's least-shard allocation gives each new shard to the node with the fewest, so
            // the clients' SAs, in distinct shards, land on every node.
            assertThat(placement.values().stream().distinct().count()).as("nodes holding SAs: %s", placement)
                    .isEqualTo(NODES);
            for (int node = 0; node < NODES; node++) {
                for (NodeSa sa : nodes.get(node).listSas()) {
                    assertThat(sa.state()).isEqualTo("ESTABLISHED");
                    assertThat(sa.remoteAddress()).startsWith(topology.balancerAddress() + ":");
                    assertThat(sa.child("net").localTs()).containsExactly(BalancedClusterTopology.GATEWAY_INNER + "/32");
                }
            }
            for (StrongSwanPeer client : clients) {
                assertThat(client.log()).contains("remote host is behind NAT");
            }

            // CREATE_CHILD_SA rekeying client 0's CHILD SA, then its IKE SA: HDR, SK {SA, Ni, KEi}
            StrongSwanPeer rekeyed = clients.get(0);
            IkeSaStatus beforeRekey = rekeyed.ikeSa("lab").orElseThrow();
            ChildSaStatus child = rekeyed.rekeyChild("net");
            assertThat(child.spiIn()).isNotEqualTo(beforeRekey.child("net").spiIn());
            IkeSaStatus afterRekey = rekeyed.rekeyIke("lab");
            assertThat(afterRekey.spiI()).isNotEqualTo(beforeRekey.spiI());
            NodeSa rekeyedOnNode = Waits.until("one node to list client 0's rekeyed IKE SA " + afterRekey.spiR(),
                    CONVERGENCE_TIMEOUT, () -> onlyListing(nodes, clientId(0))
                            .filter(sa -> sa.id().equalsIgnoreCase(afterRekey.spiR())),
                    () -> diagnostics(nodes, nginx));
            assertThat(rekeyedOnNode.child("net").spiOut()).isEqualToIgnoringCase(child.spiIn());

            // INFORMATIONAL with D(IKE) from client 1
            rekeyed = clients.get(1);
            rekeyed.terminateIke("lab");
            Waits.until("no node to list client 1's IKE SA", CONVERGENCE_TIMEOUT,
                    () -> listingsOf(nodes, clientId(1)).isEmpty() ? Optional.of(true) : Optional.empty(),
                    () -> diagnostics(nodes, nginx));

            // SIGTERM to a node that is not the seed; the SAs on the other nodes stay up
            int stopped = nodeToStop(placement);
            nodes.get(stopped).close();
            assertThat(nodes.get(stopped).isAlive()).isFalse();
            List<Integer> survivors = IntStream.range(2, clientCount)
                    .filter(index -> placement.get(clientId(index)) != stopped).boxed().toList();
            assertThat(survivors).as("clients on the remaining nodes, placement %s", placement).isNotEmpty();
            for (int index : survivors) {
                clients.get(index).awaitLivenessCheck(LIVENESS_TIMEOUT);
            }
            for (int index : survivors) {
                NodeSa sa = onlyListing(nodes, clientId(index)).orElseThrow(
                        () -> new AssertionError("no node lists " + clientId(index) + "\n" + diagnostics(nodes, nginx)));
                assertThat(sa.state()).isEqualTo("ESTABLISHED");
                assertThat(clients.get(index).ikeSa("lab").orElseThrow().state()).isEqualTo("ESTABLISHED");
            }
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    private static List<ConcentratorNode> startNodes(NetworkLab lab, BalancedClusterTopology topology,
                                                     String transport) throws Exception {
        String seed = "pekko://ikec@" + topology.nodeAddresses().get(0) + ":" + ARTERY_PORT;
        List<CompletableFuture<ConcentratorNode>> starting = new ArrayList<>();
        for (int node = 0; node < NODES; node++) {
            String address = topology.nodeAddresses().get(node);
            String cluster = """
                    cluster { address = "%s", port = %d, seed-nodes = ["%s"], transport = %s }
                    cluster-secret = "%s"
                    """.formatted(address, ARTERY_PORT, seed, transport, CLUSTER_SECRET);
            NodeConfig config = new NodeConfig(List.of(address), 500, 4500, FIRST_MANAGEMENT_PORT + node, "rw",
                    List.of(PROPOSAL), NODE_ID, "%any", "net",
                    List.of(BalancedClusterTopology.GATEWAY_INNER + "/32"),
                    List.of(BalancedClusterTopology.CLIENT_INNER_SUBNET), List.of("aes256gcm16"), PSK, List.of(),
                    "", "", cluster);
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

    private static List<StrongSwanPeer> startClients(NetworkLab lab, BalancedClusterTopology topology) {
        List<StrongSwanPeer> clients = new ArrayList<>();
        for (int index = 0; index < topology.clients().size(); index++) {
            BalancedClusterTopology.Client client = topology.clients().get(index);
            StrongSwanPeer peer = StrongSwanPeer.create(lab, client.namespace(), "client" + index);
            // nginx moves a client off a stopped node only after two failed sends to it, so the
            // clients retransmit for about 30 s, as real clients do (strongSwan's default is longer).
            peer.charonOption("retransmit_timeout", "2.0");
            peer.charonOption("retransmit_base", "1.4");
            peer.charonOption("retransmit_tries", "6");
            peer.start();
            peer.loadConfig(SwanctlConfig.builder("lab", "net")
                    .localAddrs(client.address())
                    .remoteAddrs(topology.balancerAddress())
                    .proposals(PROPOSAL)
                    .espProposals("aes256gcm16")
                    .localId(clientId(index))
                    .remoteId(NODE_ID)
                    .psk(PSK)
                    .localTs(client.innerSubnet())
                    .remoteTs(BalancedClusterTopology.GATEWAY_INNER + "/32")
                    .dpdDelay(Duration.ofSeconds(2))
                    .startAction("none")
                    .build());
            clients.add(peer);
        }
        return clients;
    }

    private static String clientId(int index) {
        return "client" + index + ".ikec.test";
    }

    private static List<String> clientIds(int count) {
        return IntStream.range(0, count).mapToObj(ClusterBalancerInteropTest::clientId).toList();
    }

    /**
     * Waits until every client's IKE SA is listed, established, by exactly one node, and returns the
     * node index of each client identity.
     */
    private static Map<String, Integer> awaitPlacement(List<ConcentratorNode> nodes, List<String> clientIds,
                                                       java.util.function.Supplier<String> diagnostics) {
        return Waits.until("every client's IKE SA on exactly one node", CONVERGENCE_TIMEOUT, () -> {
            Map<String, Integer> placement = new HashMap<>();
            Map<String, Integer> listings = new HashMap<>();
            for (int node = 0; node < nodes.size(); node++) {
                for (NodeSa sa : nodes.get(node).listSas()) {
                    if (sa.state().equals("ESTABLISHED")) {
                        placement.put(sa.remoteId(), node);
                        listings.merge(sa.remoteId(), 1, Integer::sum);
                    }
                }
            }
            boolean complete = placement.keySet().equals(new java.util.HashSet<>(clientIds))
                    && listings.values().stream().allMatch(count -> count == 1);
            return complete ? Optional.of(placement) : Optional.empty();
        }, diagnostics);
    }

    private static List<NodeSa> listingsOf(List<ConcentratorNode> nodes, String clientId) {
        List<NodeSa> listings = new ArrayList<>();
        for (ConcentratorNode node : nodes) {
            if (node.isAlive()) {
                node.listSas().stream().filter(sa -> clientId.equals(sa.remoteId())).forEach(listings::add);
            }
        }
        return listings;
    }

    /** Returns the client's IKE SA when exactly one running node lists exactly one for it. */
    private static Optional<NodeSa> onlyListing(List<ConcentratorNode> nodes, String clientId) {
        List<NodeSa> listings = listingsOf(nodes, clientId);
        return listings.size() == 1 ? Optional.of(listings.get(0)) : Optional.empty();
    }

    /** Picks a node other than the seed (node 0) that runs the SA of a client from 2 up, or else node 2. */
    private static int nodeToStop(Map<String, Integer> placement) {
        for (int node = 1; node < NODES; node++) {
            for (Map.Entry<String, Integer> entry : placement.entrySet()) {
                boolean stillUp = !entry.getKey().equals(clientId(0)) && !entry.getKey().equals(clientId(1));
                if (stillUp && entry.getValue() == node) {
                    return node;
                }
            }
        }
        return NODES - 1;
    }

    private void recordRate(String transport, int clientCount, long elapsedNanos) throws IOException {
        double seconds = elapsedNanos / 1e9;
        String line = String.format(Locale.ROOT,
                "{\"transport\":\"%s\",\"nodes\":%d,\"clients\":%d,\"seconds\":%.3f,\"saPerSecond\":%.2f}",
                transport, NODES, clientCount, seconds, clientCount / seconds);
        System.out.println("handshake rate: " + line);
        String rateFile = System.getProperty("ikec.lab.rate-file");
        if (rateFile != null) {
            Files.writeString(Path.of(rateFile), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static String diagnostics(List<ConcentratorNode> nodes, NginxBalancer nginx) {
        StringBuilder text = new StringBuilder();
        for (ConcentratorNode node : nodes) {
            text.append(node.outputWithHeader()).append('\n');
        }
        return text.append(nginx.errorLog()).toString();
    }
}
