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

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.ikec.cluster.IkeCluster.RouteResult;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.IkeSaListener;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two cluster nodes in one JVM hold the IKE SAs of 30 in-process clients, then a third node joins.
 * Cluster Sharding's least-shard allocation strategy moves shards to the new node, and every IKE SA
 * in a moved shard is handed off through Distributed Data to its entity's next incarnation, which
 * sharding starts when the next message for it arrives. Liveness checks (RFC 7296 §2.4) through any
 * node must get authenticated responses, CHILD SAs and tunnel indexes must stay, and a CHILD SA rekey
 * (RFC 7296 §2.8) on a moved IKE SA must complete.
 */
class NodeJoinRebalanceTest {

    private static final String SYSTEM_NAME = "NodeJoinRebalanceTest";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REBALANCE_TIMEOUT = Duration.ofSeconds(20);
    /** How long the first two nodes must list the same IKE SAs before the rebalance counts as settled. */
    private static final Duration QUIET_PERIOD = Duration.ofSeconds(3);
    private static final long CLIENT_DPD_MILLIS = 10_000;
    private static final int CLIENTS = 30;

    /**
     * Settings that make sharding rebalance within seconds. The defaults in the reference.conf of
     * pekko-cluster-sharding 1.2.1 check every 10 s, and because rebalance-absolute-limit = 0 selects
     * the older algorithm, a round starts only while the fullest region has more than
     * rebalance-threshold (1) shards above the emptiest one. At most
     * max-simultaneous-rebalance (3) shards are then moving at once, so a joining node fills up over
     * many rounds. An absolute limit above 0 selects the newer algorithm, which moves up to
     * min(absolute limit, relative limit × all shards) per round and usually balances in one or two.
     */
    private static final String FAST_REBALANCE = """
            pekko.cluster.sharding.rebalance-interval = 1 s
            pekko.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit = 20
            pekko.cluster.sharding.least-shard-allocation-strategy.rebalance-relative-limit = 0.5
            """;

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

    private static Node startNode(String extraConfig) {
        ActorTestKit testKit = ActorTestKit.create(SYSTEM_NAME,
                OneNodeCluster.config(extraConfig + "\n" + FAST_REBALANCE));
        DataPlaneRecorder dataPlane = new DataPlaneRecorder();
        IkeCluster cluster = IkeCluster.start(testKit.system(), TestConnections.node(), dataPlane,
                OneNodeCluster.CLUSTER_SECRET);
        TestProbe<OutboundDatagram> egress = testKit.createTestProbe(OutboundDatagram.class);
        cluster.attachEgress(egress.ref(), List.of(TestConnections.NODE),
                List.of(new InetSocketAddress(TestConnections.NODE.getAddress(), 4500)));
        return new Node(testKit, cluster, egress, dataPlane);
    }

    private static void awaitUpMembers(int count) {
        TestProbe<Object> probe = nodes.get(0).testKit().createTestProbe();
        for (Node node : nodes) {
            probe.awaitAssert(TIMEOUT, () -> {
                assertThat(Cluster.get(node.testKit().system()).state().getMembers()).hasSize(count)
                        .allMatch(member -> member.status() == MemberStatus.up());
                return null;
            });
        }
    }

    @AfterEach
    void stopNodes() {
        for (Node node : nodes) {
            node.testKit().shutdownTestKit();
        }
        nodes.clear();
    }

    /**
     * An IKE initiator whose datagrams wait in a queue until the test routes them through a node.
     * Its clock moves forward one liveness interval per check, so every check is due.
     */
    private static final class Client implements IkeSaListener {

        final int index;
        final InetSocketAddress address;
        final IkeSaInitiator initiator;
        final Deque<byte[]> outbox = new ArrayDeque<>();
        IkeSa sa;
        long clock = System.currentTimeMillis();

        Client(int index) {
            this.index = index;
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
                    new SpiRouting("client-side-spi-secret".getBytes()), 0x6666_0000_0000_0000L + index, address,
                    TestConnections.NODE, 4500);
        }

        byte[] takeSent() {
            byte[] datagram = outbox.poll();
            assertThat(datagram).as("a datagram client %d sent", index).isNotNull();
            return datagram;
        }

        /** Routes a datagram through {@code node} and returns the node's reply from that node's socket. */
        OutboundDatagram exchangeThrough(Node node, byte[] datagram) {
            assertThat(node.cluster().route(datagram, address, TestConnections.NODE, node.egress().ref()))
                    .isEqualTo(RouteResult.ROUTED);
            OutboundDatagram reply = node.egress().receiveMessage(TIMEOUT);
            assertThat(reply.remote()).as("receiver of a reply to client %d", index).isEqualTo(address);
            return reply;
        }

        void deliver(OutboundDatagram reply) {
            IkeHeader header = RoutedClient.header(reply.datagram());
            if (sa == null) {
                initiator.receive(reply.datagram(), header, reply.local(), address, clock);
            } else {
                sa.receive(reply.datagram(), header, reply.local(), address, clock);
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

    /** Runs IKE_SA_INIT through one of the two first nodes and IKE_AUTH through the other. */
    private static Client establish(int index) {
        Client client = new Client(index);
        client.initiator.start(client.clock);
        Node initNode = nodes.get(index % 2);
        Node authNode = nodes.get((index + 1) % 2);

        // HDR(SPIi, 0), SAi1, KEi, Ni  -->
        //                      <--  HDR(SPIi, SPIr), SAr1, KEr, Nr
        client.deliver(client.exchangeThrough(initNode, client.takeSent()));

        // HDR, SK {IDi, AUTH, SAi2, TSi, TSr}  -->
        //                      <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
        OutboundDatagram auth = client.exchangeThrough(authNode, client.takeSent());
        assertThat(RoutedClient.header(auth.datagram()).exchangeType()).isEqualTo(ExchangeType.IKE_AUTH);
        client.deliver(auth);
        assertThat(client.sa).as("client %d's IKE SA", index).isNotNull();
        assertThat(client.sa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        return client;
    }

    /** Has the client send a liveness check through {@code node} and checks the protected response. */
    private static void checkLiveness(Client client, Node node) {
        client.clock += CLIENT_DPD_MILLIS;
        client.sa.onTimer(client.clock);
        byte[] request = client.takeSent();
        IkeHeader requestHeader = RoutedClient.header(request);

        // HDR(INFORMATIONAL request), SK {}  -->
        //                      <--  HDR(INFORMATIONAL response), SK {}
        OutboundDatagram reply = client.exchangeThrough(node, request);
        IkeHeader replyHeader = RoutedClient.header(reply.datagram());
        assertThat(replyHeader.exchangeType()).isEqualTo(ExchangeType.INFORMATIONAL);
        assertThat(replyHeader.isResponse()).isTrue();
        assertThat(replyHeader.messageId()).isEqualTo(requestHeader.messageId());
        client.deliver(reply);

        // A response the client could not authenticate, such as INVALID_IKE_SPI, would leave the
        // check outstanding, due for retransmission within a second instead of the next check.
        assertThat(client.sa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(client.sa.nextDeadline()).as("next deadline of %s", client.saId())
                .isEqualTo(client.clock + CLIENT_DPD_MILLIS);
    }

    /** Returns every node's IKE SAs by id, with the index of the node that lists each. */
    private static Map<String, Listed> listEverySa() {
        Map<String, Listed> listed = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (SaSnapshot sa : nodes.get(i).listSas()) {
                Listed previous = listed.put(sa.id(), new Listed(i, sa));
                assertThat(previous).as("a second node listing %s", sa.id()).isNull();
            }
        }
        return listed;
    }

    /** One IKE SA as one node lists it. */
    private record Listed(int node, SaSnapshot snapshot) {
    }

    /** Waits until the nodes list exactly {@code ids}, each with its tunnel index assigned. */
    private static Map<String, Listed> awaitAllListed(List<String> ids, Duration timeout) {
        TestProbe<Object> probe = nodes.get(0).testKit().createTestProbe();
        return probe.awaitAssert(timeout, Duration.ofMillis(200), () -> {
            Map<String, Listed> listed = listEverySa();
            assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(listed.values()).allSatisfy(each ->
                    assertThat(each.snapshot().tunnelIndex()).as("tunnel index of %s", each.snapshot().id())
                            .isNotNull());
            return listed;
        });
    }

    /** Starts two nodes and establishes every client's IKE SA through them. */
    private static List<Client> startTwoNodesWithClients() {
        nodes.add(startNode(""));
        nodes.add(startNode("pekko.cluster.seed-nodes = [\"" + nodes.get(0).address() + "\"]"));
        awaitUpMembers(2);

        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(establish(i));
        }
        return clients;
    }

    /** Starts a third node that joins through node 1. The coordinator moves shards to it in its next rebalance rounds. */
    private static Node joinThirdNode() {
        nodes.add(startNode("pekko.cluster.seed-nodes = [\"" + nodes.get(0).address() + "\"]"));
        awaitUpMembers(3);
        return nodes.get(2);
    }

    /**
     * Waits until the joined node lists IKE SAs and where every IKE SA is listed has not changed
     * for {@link #QUIET_PERIOD}, and returns the ids of the IKE SAs that moved to another node.
     */
    private static List<String> awaitHandedOff(List<String> ids, Map<String, Listed> before) {
        long deadline = System.currentTimeMillis() + REBALANCE_TIMEOUT.toMillis();
        Map<String, Integer> placement = Map.of();
        long changedAt = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            Map<String, Listed> listed = listEverySa();
            Map<String, Integer> now = new HashMap<>();
            listed.forEach((id, where) -> now.put(id, where.node()));
            if (!now.equals(placement)) {
                placement = now;
                changedAt = System.currentTimeMillis();
            } else if (now.keySet().containsAll(ids) && now.containsValue(2)
                    && System.currentTimeMillis() - changedAt >= QUIET_PERIOD.toMillis()) {
                Map<String, Integer> settled = now;
                return ids.stream().filter(id -> settled.get(id) != before.get(id).node()).toList();
            }
            sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("the rebalance did not settle within " + REBALANCE_TIMEOUT + "; placement: "
                + placement);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the rebalance", e);
        }
    }

    @Test
    void joiningNodeTakesSasWithoutBreakingThem() {
        List<Client> clients = startTwoNodesWithClients();
        List<String> ids = clients.stream().map(Client::saId).toList();
        Map<String, Listed> before = awaitAllListed(ids, TIMEOUT);
        assertThat(before.values()).extracting(Listed::node).as("nodes holding IKE SAs").contains(0, 1);

        Node joined = joinThirdNode();
        List<String> moved = awaitHandedOff(ids, before);

        // Moved IKE SAs are back already (a wake-up restores them); every node must still route each client.
        for (Client client : clients) {
            for (Node node : nodes) {
                checkLiveness(client, node);
            }
        }

        Map<String, Listed> after = awaitAllListed(ids, TIMEOUT);
        assertThat(moved).as("moved IKE SAs listed by the joined node")
                .anyMatch(id -> after.get(id).node() == 2);
        for (String id : ids) {
            if (!moved.contains(id)) {
                assertThat(after.get(id).node()).as("node of %s, which did not move", id)
                        .isEqualTo(before.get(id).node());
            }
        }
        for (String id : moved) {
            SaSnapshot was = before.get(id).snapshot();
            SaSnapshot is = after.get(id).snapshot();
            int inboundSpi = Integer.parseUnsignedInt(was.children().get(0).spiIn(), 16);
            assertThat(is.tunnelIndex()).as("tunnel index of %s", id).isEqualTo(was.tunnelIndex());
            assertThat(is.children()).as("CHILD SAs of %s", id).isEqualTo(was.children());
            assertThat(is.state()).as("state of %s", id).isEqualTo("ESTABLISHED");
            Node target = nodes.get(after.get(id).node());
            assertThat(target.dataPlane().installedFor(id)).as("CHILD SAs of %s in its new node's data plane", id)
                    .extracting(ChildSaInstallation::inboundSpi).contains(inboundSpi);
            Node source = nodes.get(before.get(id).node());
            assertThat(source.dataPlane().removedFor(id)).as("CHILD SAs of %s removed from its old node", id)
                    .extracting(DataPlaneRecorder.Removal::inboundSpi).containsExactly(inboundSpi);
        }

        String rekeyed = moved.stream().filter(id -> after.get(id).node() == 2).findFirst().orElseThrow();
        rekeyChildThroughOtherNodes(clients.get(ids.indexOf(rekeyed)), before.get(rekeyed).snapshot(), joined);
    }

    @Test
    void joiningNodeRestoresSasBeforePeersSend() {
        // Sharding starts a moved entity only when a message for it arrives; the handing-off entity
        // sends that message itself, so the IKE SAs come back with no client traffic.
        List<Client> clients = startTwoNodesWithClients();
        List<String> ids = clients.stream().map(Client::saId).toList();
        Map<String, Listed> before = awaitAllListed(ids, TIMEOUT);

        Node joined = joinThirdNode();
        TestProbe<Object> probe = joined.testKit().createTestProbe();
        probe.awaitAssert(REBALANCE_TIMEOUT, Duration.ofMillis(200), () -> {
            assertThat(joined.listSas()).as("IKE SAs on the joined node").isNotEmpty();
            return null;
        });

        Map<String, Listed> after = awaitAllListed(ids, TIMEOUT);
        for (String id : ids) {
            if (after.get(id).node() == 2) {
                int inboundSpi = Integer.parseUnsignedInt(before.get(id).snapshot().children().get(0).spiIn(), 16);
                assertThat(joined.dataPlane().installedFor(id)).as("CHILD SAs of %s in the joined node's data plane", id)
                        .extracting(ChildSaInstallation::inboundSpi).containsExactly(inboundSpi);
            }
        }
    }

    /**
     * Has the client rekey its CHILD SA on a moved IKE SA, with the request through node 1 and the
     * deletion of the old CHILD SA through node 2, and checks both sides agree on the new pair.
     */
    private static void rekeyChildThroughOtherNodes(Client client, SaSnapshot was, Node joined) {
        String id = client.saId();
        ChildSa old = client.sa.children().get(0);
        client.clock = Math.max(client.clock, old.rekeyAtMillis());
        client.sa.onTimer(client.clock);

        // HDR, SK {N(REKEY_SA), SA, Ni, KEi, TSi, TSr}  -->
        //                      <--  HDR, SK {SA, Nr, KEr, TSi, TSr}
        OutboundDatagram created = client.exchangeThrough(nodes.get(0), client.takeSent());
        assertThat(RoutedClient.header(created.datagram()).exchangeType()).isEqualTo(ExchangeType.CREATE_CHILD_SA);
        client.deliver(created);

        // HDR, SK {D(ESP, old inbound SPI)}  -->
        //                      <--  HDR, SK {D(ESP, the node's old inbound SPI)}
        OutboundDatagram deleted = client.exchangeThrough(nodes.get(1), client.takeSent());
        assertThat(RoutedClient.header(deleted.datagram()).exchangeType()).isEqualTo(ExchangeType.INFORMATIONAL);
        client.deliver(deleted);

        assertThat(client.sa.children()).as("client's CHILD SAs of %s", id).hasSize(1);
        ChildSa replacement = client.sa.children().get(0);
        assertThat(replacement.inboundSpi()).isNotEqualTo(old.inboundSpi());
        TestProbe<Object> probe = joined.testKit().createTestProbe();
        SaSnapshot is = probe.awaitAssert(TIMEOUT, () -> {
            SaSnapshot listed = joined.listSas().stream().filter(sa -> sa.id().equals(id)).findFirst().orElseThrow();
            assertThat(listed.children()).as("the joined node's CHILD SAs of %s", id).hasSize(1);
            assertThat(listed.children().get(0).spiOut()).isEqualTo(String.format("%08x", replacement.inboundSpi()));
            return listed;
        });
        assertThat(is.children().get(0).spiIn()).isEqualTo(String.format("%08x", replacement.outboundSpi()));
        assertThat(is.tunnelIndex()).as("tunnel index of %s after the CHILD SA rekey", id)
                .isEqualTo(was.tunnelIndex());
        assertThat(joined.dataPlane().installedFor(id)).extracting(ChildSaInstallation::inboundSpi)
                .containsExactly(Integer.parseUnsignedInt(was.children().get(0).spiIn(), 16),
                        replacement.outboundSpi());
        assertThat(joined.dataPlane().removedFor(id)).extracting(DataPlaneRecorder.Removal::inboundSpi)
                .containsExactly(Integer.parseUnsignedInt(was.children().get(0).spiIn(), 16));
    }
}
