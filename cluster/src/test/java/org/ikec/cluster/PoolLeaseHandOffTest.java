package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.ikec.cluster.IkeCluster.RouteResult;
import org.ikec.cluster.pool.ClusterAddressPools;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeEvents;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.IkeSaListener;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;
import org.ikec.protocol.wire.ConfigAttribute;
import org.ikec.protocol.wire.ConfigAttributeType;
import org.ikec.protocol.wire.ConfigType;
import org.ikec.protocol.wire.Configuration;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three cluster nodes in one JVM share the pool rw4 (10.3.0.0/28, 14 addresses in one segment)
 * through {@link ClusterAddressPools}. In-process clients request an IPv4 address in IKE_AUTH
 * (RFC 7296 §2.19). When a node leaves, its IKE SAs are restored on the other nodes and claim their
 * addresses again. The pool frees the leaving node's other leases at the end of the orphan grace
 * period, but keeps the restored IKE SAs' addresses leased to them.
 */
class PoolLeaseHandOffTest {

    private static final String SYSTEM_NAME = "PoolLeaseHandOffTest";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(3);
    private static final long CLIENT_DPD_MILLIS = 10_000;
    private static final int MAX_CLIENTS = 10;
    private static final String PSK = "ikec-pool-hand-off-psk";
    private static final AddressPoolConfig RW4 = new AddressPoolConfig("rw4", address("10.3.0.0"), 28, List.of());

    private static final List<Node> nodes = new ArrayList<>();

    /** One cluster member with IKE SA sharding, its pools and a probe as its UDP socket. */
    private record Node(ActorTestKit testKit, IkeCluster cluster, ClusterAddressPools pools,
                        TestProbe<OutboundDatagram> egress) {

        String address() {
            return Cluster.get(testKit.system()).selfMember().address().toString();
        }

        List<SaSnapshot> listSas() {
            return cluster.listSas(TIMEOUT).toCompletableFuture().join();
        }

        AddressClaim claim(String saId, String identity, InetAddress address) {
            return pools.claim(saId, identity, address).toCompletableFuture().join();
        }

        int leased() {
            return pools.usage().toCompletableFuture().join().get(0).leased();
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
            probe.awaitAssert(Duration.ofSeconds(20), () -> {
                assertThat(Cluster.get(node.testKit().system()).state().getMembers()).hasSize(3)
                        .allMatch(member -> member.status() == MemberStatus.up());
                return null;
            });
        }
    }

    private static Node startNode(String extraConfig) {
        ActorTestKit testKit = ActorTestKit.create(SYSTEM_NAME, OneNodeCluster.config(extraConfig + "\n"
                + "ikec.address-pools { segment-size = 16, orphan-grace = " + ORPHAN_GRACE.toSeconds() + " s }"));
        ClusterAddressPools pools = ClusterAddressPools.start(testKit.system(), List.of(RW4));
        IkeCluster cluster = IkeCluster.start(testKit.system(), nodeSettings(), new DataPlaneRecorder(),
                OneNodeCluster.CLUSTER_SECRET, IkeEvents.NONE, false, settings -> pools);
        TestProbe<OutboundDatagram> egress = testKit.createTestProbe(OutboundDatagram.class);
        cluster.attachEgress(egress.ref(), List.of(TestConnections.NODE),
                List.of(new InetSocketAddress(TestConnections.NODE.getAddress(), 4500)));
        return new Node(testKit, cluster, pools, egress);
    }

    @AfterAll
    static void stopCluster() {
        for (Node node : nodes) {
            node.testKit().shutdownTestKit();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static ChildConfig child(String localTs, String remoteTs) {
        return new ChildConfig(TestConnections.CHILD_NAME, List.of(TestConnections.ESP_PROPOSAL),
                List.of(TrafficSelectorSpec.parse(localTs)), List.of(TrafficSelectorSpec.parse(remoteTs)),
                Duration.ofHours(1), Duration.ofMinutes(66), Duration.ofMinutes(6), "tunnel");
    }

    private static ConnectionConfig connection(String name, String localId, String remoteId, ChildConfig child,
                                               Duration dpdDelay, List<String> pools) {
        return new ConnectionConfig(name, List.of(TestConnections.IKE_PROPOSAL), List.of(), List.of(), 500,
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(localId)),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(remoteId)), List.of(child),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10), dpdDelay, pools);
    }

    private static IkeSettings settings(ConnectionConfig connection, List<AddressPoolConfig> pools) {
        byte[] psk = PSK.getBytes(StandardCharsets.UTF_8);
        return new IkeSettings(List.of(connection), (local, remote) -> Optional.of(psk.clone()),
                1000, Duration.ofSeconds(1), 1.0, 1, Duration.ofSeconds(30), pools);
    }

    private static IkeSettings nodeSettings() {
        ConnectionConfig rw = connection("rw", TestConnections.NODE_ID, "%any", child("192.0.2.128/25", "dynamic"),
                Duration.ZERO, List.of("rw4"));
        return settings(rw, List.of(RW4));
    }

    /** An IKE initiator that requests an IPv4 address. Its datagrams wait until the test routes them. */
    private static final class Client implements IkeSaListener {

        final String identity;
        final InetSocketAddress address;
        final IkeSaInitiator initiator;
        final Deque<byte[]> outbox = new ArrayDeque<>();
        IkeSa sa;

        Client(int index) {
            this.identity = "client" + index + "@ikec.test";
            this.address = new InetSocketAddress("203.0.113." + (10 + index), 500);
            ConnectionConfig home = connection("home", identity, TestConnections.NODE_ID,
                    child("0.0.0.0/0", "192.0.2.128/25"), Duration.ofMillis(CLIENT_DPD_MILLIS), List.of());
            this.initiator = new IkeSaInitiator(settings(home, List.of()), home, home.children().get(0), this,
                    new SpiRouting("client-side-spi-secret".getBytes()), 0x7777_0000_0000_0000L + index, address,
                    TestConnections.NODE, 4500);
            initiator.requestConfiguration(new Configuration(ConfigType.CFG_REQUEST, List.of(
                    new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, new byte[0]))));
        }

        byte[] takeSent() {
            byte[] datagram = outbox.poll();
            assertThat(datagram).as("a datagram the client sent").isNotNull();
            return datagram;
        }

        /** Routes a datagram through {@code node}, hands the node's reply to the client and returns it. */
        OutboundDatagram exchangeThrough(Node node, byte[] datagram, long now) {
            assertThat(node.cluster().route(datagram, address, TestConnections.NODE, node.egress().ref()))
                    .isEqualTo(RouteResult.ROUTED);
            OutboundDatagram reply = node.egress().receiveMessage(TIMEOUT);
            assertThat(reply.remote()).isEqualTo(address);
            IkeHeader header = RoutedClient.header(reply.datagram());
            if (sa == null) {
                initiator.receive(reply.datagram(), header, reply.local(), address, now);
            } else {
                sa.receive(reply.datagram(), header, reply.local(), address, now);
            }
            return reply;
        }

        String saId() {
            return Snapshots.id(sa.spiR());
        }

        /** Returns the address that the node's CFG_REPLY assigned. */
        InetAddress virtualIp() {
            byte[] value = initiator.configurationReply().attributes().stream()
                    .filter(attribute -> attribute.type() == ConfigAttributeType.INTERNAL_IP4_ADDRESS)
                    .findFirst().orElseThrow().value();
            try {
                return InetAddress.getByAddress(value);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
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

    /** Runs IKE_SA_INIT and IKE_AUTH with CP(CFG_REQUEST) through {@code node}. */
    private static Client establish(int index, Node node) {
        Client client = new Client(index);
        long now = System.currentTimeMillis();
        client.initiator.start(now);

        // HDR, SAi1, KEi, Ni  -->  <--  HDR, SAr1, KEr, Nr
        client.exchangeThrough(node, client.takeSent(), now);
        // HDR, SK {IDi, AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr}  -->
        //      <--  HDR, SK {IDr, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
        OutboundDatagram auth = client.exchangeThrough(node, client.takeSent(), now);
        assertThat(RoutedClient.header(auth.datagram()).exchangeType()).isEqualTo(ExchangeType.IKE_AUTH);
        assertThat(client.sa).as("IKE SA of %s", client.identity).isNotNull();
        assertThat(client.sa.children()).as("CHILD SAs of %s", client.identity).hasSize(1);
        return client;
    }

    /** Has the client send a liveness check through {@code node} and checks that the IKE SA responds. */
    private static void checkLiveness(Client client, Node node) {
        long due = System.currentTimeMillis() + CLIENT_DPD_MILLIS;
        client.sa.onTimer(due);

        // HDR(INFORMATIONAL request), SK {}  -->  <--  HDR(INFORMATIONAL response), SK {}
        OutboundDatagram reply = client.exchangeThrough(node, client.takeSent(), due);

        assertThat(RoutedClient.header(reply.datagram()).isResponse()).isTrue();
        assertThat(client.sa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(client.sa.nextDeadline()).as("next deadline of %s", client.saId()).isEqualTo(due + CLIENT_DPD_MILLIS);
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

    @Test
    void restoredSaKeepsItsPoolLease() throws Exception {
        List<Client> clients = new ArrayList<>();
        TestProbe<Object> probe = nodes.get(0).testKit().createTestProbe();
        Map<String, Integer> before = Map.of();
        while (clients.size() < MAX_CLIENTS && before.values().stream().noneMatch(node -> node == 2)) {
            clients.add(establish(clients.size(), nodes.get(clients.size() % 3)));
            List<String> ids = clients.stream().map(Client::saId).toList();
            before = probe.awaitAssert(TIMEOUT, () -> {
                Map<String, Integer> nodeOf = nodeOfEachSa(nodes);
                assertThat(nodeOf.keySet()).containsExactlyInAnyOrderElementsOf(ids);
                return nodeOf;
            });
        }
        Map<String, Integer> placement = before;
        List<Client> moving = clients.stream().filter(client -> placement.get(client.saId()) == 2).toList();
        assertThat(moving).as("IKE SAs on node 3 among %s", placement).isNotEmpty();
        Node leaving = nodes.get(2);
        // A lease of node 3 that no IKE SA claims again, so the pool frees it after the grace period.
        InetAddress orphan = address("10.3.0.14");
        assertThat(leaving.claim("sa-orphan", "orphan@ikec.test", orphan))
                .isEqualTo(new AddressClaim.Leased(new Lease("rw4", orphan)));
        for (Client client : moving) {
            assertThat(nodes.get(0).claim("sa-intruder", "intruder@ikec.test", client.virtualIp()))
                    .as("claim of %s before the hand-off", client.virtualIp())
                    .isEqualTo(new AddressClaim.HeldByOther(new Lease("rw4", client.virtualIp()), client.saId(),
                            client.identity));
        }

        // Node 3 leaves the cluster. Cluster Sharding hands its entities off to the other nodes.
        Cluster.get(leaving.testKit().system()).manager()
                .tell(Leave.create(Cluster.get(leaving.testKit().system()).selfMember().address()));
        leaving.testKit().system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<Node> remaining = nodes.subList(0, 2);
        for (Node node : remaining) {
            probe.awaitAssert(TIMEOUT, () -> {
                assertThat(Cluster.get(node.testKit().system()).state().getMembers()).hasSize(2);
                return null;
            });
        }
        // The grace period ends, and the pool frees the orphan lease of node 3. No client has sent
        // anything since the hand-off, so the restored IKE SAs claimed their addresses on their own.
        probe.awaitAssert(TIMEOUT.plus(ORPHAN_GRACE), () -> {
            assertThat(remaining.get(1).claim("sa-orphan-check", "check@ikec.test", orphan))
                    .isEqualTo(new AddressClaim.Leased(new Lease("rw4", orphan)));
            return null;
        });

        for (Client client : moving) {
            assertThat(remaining.get(0).claim("sa-intruder", "intruder@ikec.test", client.virtualIp()))
                    .as("claim of %s after the hand-off", client.virtualIp())
                    .isEqualTo(new AddressClaim.HeldByOther(new Lease("rw4", client.virtualIp()), client.saId(),
                            client.identity));
        }
        // Every IKE SA and the orphan check hold one address each, and new identities get the rest.
        assertThat(remaining.get(0).leased()).isEqualTo(clients.size() + 1);
        Set<InetAddress> held = new HashSet<>();
        for (Client client : clients) {
            held.add(client.virtualIp());
        }
        for (int i = 0; i < 14 - clients.size() - 1; i++) {
            LeaseAnswer answer = remaining.get(i % 2).pools().lease(new LeaseRequest("sa-new-" + i,
                    "new" + i + "@ikec.test", List.of("rw4"), true, false, List.of())).toCompletableFuture().join();
            assertThat(answer.leases()).as("lease %d for a new identity", i).hasSize(1);
            assertThat(held).as("addresses of the IKE SAs").doesNotContain(answer.leases().get(0).address());
        }
        for (int i = 0; i < clients.size(); i++) {
            checkLiveness(clients.get(i), remaining.get(i % 2));
        }
        Map<String, Integer> after = nodeOfEachSa(remaining);
        for (Client client : moving) {
            assertThat(after).as("node of %s after the hand-off", client.saId()).containsKey(client.saId());
        }
    }
}
