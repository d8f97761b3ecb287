package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.ikec.cluster.IkeCluster.RouteResult;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.IkeSaListener;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three cluster nodes in one JVM, joined over Artery TCP on 127.0.0.1. In-process IKE clients
 * reach the IKE SAs through whichever node the test picks, as a load balancer would spread them
 * (RFC 7296 §1.2, §2.1, §2.4). When one node leaves, the IKE SAs it held move to the others.
 */
class ThreeNodeHandOffTest {

    private static final String SYSTEM_NAME = "ThreeNodeHandOffTest";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long CLIENT_DPD_MILLIS = 10_000;
    private static final int CLIENTS = 9;

    private static final List<Node> nodes = new ArrayList<>();

    /** One cluster member with IKE SA sharding and a probe as its UDP socket. */
    private record Node(ActorTestKit testKit, IkeCluster cluster, TestProbe<OutboundDatagram> egress,
                        DataPlaneRecorder dataPlane) {

        String address() {
            return Cluster.get(testKit.system()).selfMember().address().toString();
        }

        List<SaSnapshot> listSas() {
            return cluster.listSas(TIMEOUT).toCompletableFuture().join();
        }
    }

    @BeforeAll
    static void startCluster() {
        nodes.add(startNode(""));
        String seed = nodes.get(0).address();
        nodes.add(startNode("pekko.cluster.seed-nodes = [\"" + seed + "\"]"));
        nodes.add(startNode("pekko.cluster.seed-nodes = [\"" + seed + "\"]"));

        TestProbe<Object> probe = nodes.get(0).testKit().createTestProbe();
        for (Node node : nodes) {
            probe.awaitAssert(TIMEOUT, () -> {
                Cluster cluster = Cluster.get(node.testKit().system());
                assertThat(cluster.state().getMembers()).hasSize(3)
                        .allMatch(member -> member.status() == MemberStatus.up());
                return null;
            });
        }
    }

    private static Node startNode(String extraConfig) {
        ActorTestKit testKit = ActorTestKit.create(SYSTEM_NAME, OneNodeCluster.config(extraConfig));
        DataPlaneRecorder dataPlane = new DataPlaneRecorder();
        IkeCluster cluster = IkeCluster.start(testKit.system(), TestConnections.node(), dataPlane,
                OneNodeCluster.CLUSTER_SECRET);
        TestProbe<OutboundDatagram> egress = testKit.createTestProbe(OutboundDatagram.class);
        cluster.attachEgress(egress.ref(), List.of(TestConnections.NODE),
                List.of(new InetSocketAddress(TestConnections.NODE.getAddress(), 4500)));
        return new Node(testKit, cluster, egress, dataPlane);
    }

    @AfterAll
    static void stopCluster() {
        for (Node node : nodes) {
            node.testKit().shutdownTestKit();
        }
    }

    /** An IKE initiator whose datagrams wait in a queue until the test routes them through a node. */
    private static final class Client implements IkeSaListener {

        final InetSocketAddress address;
        final IkeSaInitiator initiator;
        final Deque<byte[]> outbox = new ArrayDeque<>();
        IkeSa sa;

        Client(int index) {
            this.address = new InetSocketAddress("203.0.113." + (100 + index), 500);
            ConnectionConfig base = TestConnections.clientConnection();
            ConnectionConfig withDpd = new ConnectionConfig(base.name(), base.proposals(), base.localAddrs(),
                    base.remoteAddrs(), base.remotePort(), base.local(), base.remote(), base.children(),
                    base.rekeyTime(), base.overTime(), base.randTime(), Duration.ofMillis(CLIENT_DPD_MILLIS));
            IkeSettings client = TestConnections.client();
            IkeSettings settings = new IkeSettings(List.of(withDpd), client.secrets(), client.cookieThreshold(),
                    client.retransmitTimeout(), client.retransmitBase(), client.retransmitTries(),
                    client.halfOpenTimeout());
            this.initiator = new IkeSaInitiator(settings, withDpd, TestConnections.clientChild(), this,
                    new SpiRouting("client-side-spi-secret".getBytes()), 0x5555_0000_0000_0000L + index, address,
                    TestConnections.NODE, 4500);
        }

        byte[] takeSent() {
            byte[] datagram = outbox.poll();
            assertThat(datagram).as("a datagram the client sent").isNotNull();
            return datagram;
        }

        /** Routes a datagram through {@code node} and returns the node's reply from that node's socket. */
        OutboundDatagram exchangeThrough(Node node, byte[] datagram) {
            assertThat(node.cluster().route(datagram, address, TestConnections.NODE, node.egress().ref()))
                    .isEqualTo(RouteResult.ROUTED);
            OutboundDatagram reply = node.egress().receiveMessage(TIMEOUT);
            assertThat(reply.remote()).isEqualTo(address);
            return reply;
        }

        void deliver(OutboundDatagram reply, long now) {
            IkeHeader header = RoutedClient.header(reply.datagram());
            if (sa == null) {
                initiator.receive(reply.datagram(), header, reply.local(), address, now);
            } else {
                sa.receive(reply.datagram(), header, reply.local(), address, now);
            }
        }

        String saId() {
            return Snapshots.id(sa.spiR());
        }

        @Override
        public void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
            outbox.add(datagram);
        }

        @Override
        public void established(IkeSa established) {
            sa = established;
        }

        @Override
        public void childSaInstalled(IkeSa ikeSa, ChildSa child) {
        }

        @Override
        public void childSaRemoved(IkeSa ikeSa, ChildSa child) {
        }

        @Override
        public void rekeyed(IkeSa predecessor, IkeSa successor) {
            sa = successor;
        }

        @Override
        public void closed(IkeSa closed, String reason) {
        }
    }

    /** Runs IKE_SA_INIT through node 1, its retransmission through node 2 and IKE_AUTH through node 3. */
    private static Client establishAcrossNodes(int index) {
        Client client = new Client(index);
        client.initiator.start(System.currentTimeMillis());
        byte[] init = client.takeSent();

        // HDR(SPIi, 0), SAi1, KEi, Ni  -->  node 1
        //                      <--  HDR(SPIi, SPIr), SAr1, KEr, Nr   from node 1
        OutboundDatagram first = client.exchangeThrough(nodes.get(0), init);

        // HDR(SPIi, 0), SAi1, KEi, Ni  -->  node 2, the same bytes again
        //                      <--  the cached response, byte for byte, from node 2
        OutboundDatagram second = client.exchangeThrough(nodes.get(1), init.clone());
        assertThat(second.datagram()).isEqualTo(first.datagram());
        assertThat(second.local()).isEqualTo(first.local());

        // HDR, SK {IDi, AUTH, SAi2, TSi, TSr}  -->  node 3
        //                      <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}   from node 3
        client.deliver(first, System.currentTimeMillis());
        OutboundDatagram auth = client.exchangeThrough(nodes.get(2), client.takeSent());
        assertThat(RoutedClient.header(auth.datagram()).exchangeType()).isEqualTo(ExchangeType.IKE_AUTH);
        client.deliver(auth, System.currentTimeMillis());
        assertThat(client.sa).as("client %d's IKE SA", index).isNotNull();
        assertThat(client.sa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        return client;
    }

    /** Has the client send a liveness check through {@code node} and checks the protected answer. */
    private static void checkLiveness(Client client, Node node) {
        long due = System.currentTimeMillis() + CLIENT_DPD_MILLIS;
        client.sa.onTimer(due);
        byte[] request = client.takeSent();
        IkeHeader requestHeader = RoutedClient.header(request);

        // HDR(INFORMATIONAL request), SK {}  -->
        //                      <--  HDR(INFORMATIONAL response), SK {}
        OutboundDatagram reply = client.exchangeThrough(node, request);
        IkeHeader replyHeader = RoutedClient.header(reply.datagram());
        assertThat(replyHeader.exchangeType()).isEqualTo(ExchangeType.INFORMATIONAL);
        assertThat(replyHeader.isResponse()).isTrue();
        assertThat(replyHeader.messageId()).isEqualTo(requestHeader.messageId());
        client.deliver(reply, due);

        // An answer the client could not authenticate, such as INVALID_IKE_SPI, would leave the
        // check outstanding, due for retransmission within a second instead of the next check.
        assertThat(client.sa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(client.sa.nextDeadline()).as("next deadline of %s", client.saId())
                .isEqualTo(due + CLIENT_DPD_MILLIS);
    }

    private static Map<String, Integer> nodeOfEachSa(List<Node> members) {
        Map<String, Integer> nodeOf = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            for (SaSnapshot sa : members.get(i).listSas()) {
                nodeOf.put(sa.id(), i);
            }
        }
        return nodeOf;
    }

    private static Map<String, Integer> tunnelIndexOfEachSa(List<Node> members) {
        Map<String, Integer> indexOf = new HashMap<>();
        for (Node member : members) {
            for (SaSnapshot sa : member.listSas()) {
                indexOf.put(sa.id(), sa.tunnelIndex());
            }
        }
        return indexOf;
    }

    @Test
    void sasSurviveNodeLeaving() throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(establishAcrossNodes(i));
        }
        List<String> ids = clients.stream().map(Client::saId).toList();
        TestProbe<Object> probe = nodes.get(0).testKit().createTestProbe();
        Map<String, Integer> before = probe.awaitAssert(TIMEOUT, () -> {
            Map<String, Integer> nodeOf = nodeOfEachSa(nodes);
            assertThat(nodeOf.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            return nodeOf;
        });
        for (int index = 0; index < nodes.size(); index++) {
            Node node = nodes.get(index);
            int nodeIndex = index;
            probe.awaitAssert(TIMEOUT, () -> {
                assertSaCounts(node, nodeIndex, before);
                return null;
            });
        }
        Map<String, Integer> indexesBefore = probe.awaitAssert(TIMEOUT, () -> {
            Map<String, Integer> indexOf = tunnelIndexOfEachSa(nodes);
            assertThat(indexOf.values()).as("tunnel indexes").doesNotContainNull().doesNotHaveDuplicates();
            return indexOf;
        });
        List<String> onLeavingNode = ids.stream().filter(id -> before.get(id) == 2).toList();
        assertThat(onLeavingNode).as("IKE SAs on node 3 of %s", before).isNotEmpty();
        assertThat(before.values()).as("nodes holding IKE SAs").contains(0, 1);

        // Node 3 leaves the cluster; Cluster Sharding hands its entities off.
        Node leaving = nodes.get(2);
        Cluster.get(leaving.testKit().system()).manager()
                .tell(Leave.create(Cluster.get(leaving.testKit().system()).selfMember().address()));
        leaving.testKit().system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        for (Node node : nodes.subList(0, 2)) {
            probe.awaitAssert(TIMEOUT, () -> {
                assertThat(Cluster.get(node.testKit().system()).state().getMembers()).hasSize(2);
                return null;
            });
        }

        for (int i = 0; i < clients.size(); i++) {
            checkLiveness(clients.get(i), nodes.get(i % 2));
        }

        List<Node> remaining = nodes.subList(0, 2);
        Map<String, Integer> after = probe.awaitAssert(TIMEOUT, () -> {
            Map<String, Integer> nodeOf = nodeOfEachSa(remaining);
            assertThat(nodeOf.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            return nodeOf;
        });
        for (String id : ids) {
            if (!onLeavingNode.contains(id)) {
                assertThat(after.get(id)).as("node of %s, which did not move", id).isEqualTo(before.get(id));
            }
        }
        // The moved IKE SAs claimed their tunnel indexes again, so every tunnel keeps its SNMP row.
        probe.awaitAssert(TIMEOUT, () -> {
            assertThat(tunnelIndexOfEachSa(remaining)).isEqualTo(indexesBefore);
            return null;
        });
        for (String id : onLeavingNode) {
            int node = after.get(id);
            assertThat(remaining.get(node).dataPlane().installedFor(id)).as("CHILD SAs of %s", id).hasSize(1);
        }
        for (int index = 0; index < remaining.size(); index++) {
            Node node = remaining.get(index);
            int nodeIndex = index;
            probe.awaitAssert(TIMEOUT, () -> {
                assertSaCounts(node, nodeIndex, after);
                return null;
            });
        }
    }

    /** Checks that a node counts as many IKE SAs and CHILD SAs (one each) as its directory lists. */
    private static void assertSaCounts(Node node, int index, Map<String, Integer> nodeOf) {
        long listed = nodeOf.values().stream().filter(n -> n == index).count();
        assertThat(node.cluster().ikeSaCount()).as("IKE SAs counted on node %d", index + 1).isEqualTo(listed);
        assertThat(node.cluster().childSaCount()).as("CHILD SAs counted on node %d", index + 1).isEqualTo(listed);
    }
}
