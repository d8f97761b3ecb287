package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.wire.ConfigAttribute;
import org.ikec.protocol.wire.ConfigAttributeType;
import org.ikec.protocol.wire.ConfigType;
import org.ikec.protocol.wire.Configuration;
import org.ikec.protocol.wire.TrafficSelector;
import org.ikec.protocol.wire.TsType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Virtual IP addresses leased through a one-node cluster with {@link LocalAddressPools}: the
 * entity requests a lease, passes it to the waiting IKE SA, shows the address in its
 * snapshot and releases it when the IKE SA is deleted (RFC 7296 §2.19). The pool holds the single
 * address 10.3.0.7, so a second identity finds it exhausted.
 */
class VirtualIpClusterTest {

    private static final long SPI_I = 0x5555_6666_7777_8888L;
    private static final HexFormat HEX = HexFormat.of();
    private static final String PSK = "ikec-vip-test-psk";

    private static OneNodeCluster node;
    private final List<RoutedClient> clients = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        ChildConfig child = child(List.of("192.0.2.128/25"), List.of("dynamic"));
        ConnectionConfig rw = connection("rw", TestConnections.NODE_ID, "%any", child, List.of("one"));
        AddressPoolConfig one = new AddressPoolConfig("one", address("10.3.0.7"), 32, List.of(address("192.0.2.53")));
        node = OneNodeCluster.start("VirtualIpClusterTest", "", settings(rw, List.of(one)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void deleteRemainingSas() {
        for (RoutedClient client : clients) {
            if (client.ikeSa().isPresent() && !client.ikeSa().get().isClosed()) {
                delete(client);
            }
        }
        awaitSaCount(0);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static ChildConfig child(List<String> localTs, List<String> remoteTs) {
        return new ChildConfig(TestConnections.CHILD_NAME, List.of(TestConnections.ESP_PROPOSAL),
                localTs.stream().map(TrafficSelectorSpec::parse).toList(),
                remoteTs.stream().map(TrafficSelectorSpec::parse).toList(), Duration.ofHours(1),
                Duration.ofMinutes(66), Duration.ofMinutes(6), "tunnel");
    }

    private static ConnectionConfig connection(String name, String localId, String remoteId, ChildConfig child,
                                               List<String> pools) {
        return new ConnectionConfig(name, List.of(TestConnections.IKE_PROPOSAL), List.of(), List.of(), 500,
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(localId)),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(remoteId)), List.of(child),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO, pools);
    }

    private static IkeSettings settings(ConnectionConfig connection, List<AddressPoolConfig> pools) {
        byte[] psk = PSK.getBytes(StandardCharsets.UTF_8);
        return new IkeSettings(List.of(connection), (local, remote) -> Optional.of(psk.clone()),
                1000, Duration.ofSeconds(1), 1.0, 1, Duration.ofSeconds(30), pools);
    }

    /** Creates a client with identity {@code id} that requests an IPv4 address and DNS and proposes 0.0.0.0/0 as TSi. */
    private RoutedClient client(String id, String outerAddress) {
        ChildConfig child = child(List.of("0.0.0.0/0"), List.of("192.0.2.128/25"));
        IkeSettings settings = settings(connection("home", id, TestConnections.NODE_ID, child, List.of()), List.of());
        RoutedClient client = new RoutedClient(node, SPI_I, new InetSocketAddress(outerAddress, 500), settings);
        client.initiator.requestConfiguration(new Configuration(ConfigType.CFG_REQUEST, List.of(
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, new byte[0]),
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_DNS, new byte[0]))));
        clients.add(client);
        return client;
    }

    private static void delete(RoutedClient client) {
        boolean existed = node.cluster.terminate(client.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().join();
        assertThat(existed).isTrue();
        // <--  HDR, SK {D}
        client.deliver(client.awaitFromNode());
        // HDR, SK {}  -->
        client.route(client.takeSent());
    }

    private static List<SaSnapshot> awaitSaCount(int count) {
        TestProbe<Object> probe = node.testKit.createTestProbe();
        return probe.awaitAssert(OneNodeCluster.TIMEOUT, () -> {
            List<SaSnapshot> sas = node.cluster.listSas(OneNodeCluster.TIMEOUT).toCompletableFuture().join();
            assertThat(sas).hasSize(count);
            return sas;
        });
    }

    private static TrafficSelector host(String literal) {
        byte[] bytes = address(literal).getAddress();
        return new TrafficSelector(TsType.IPV4_ADDR_RANGE, 0, 0, 65535, bytes, bytes);
    }

    @Test
    void clientGetsPoolAddressAndNarrowedTsi() {
        RoutedClient client = client("alice@ikec.test", "203.0.113.21");

        // HDR, SAi1, KEi, Ni  -->  <--  HDR, SAr1, KEr, Nr
        // HDR, SK {IDi, AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr}  -->  <--  HDR, SK {IDr, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
        IkeSa sa = client.establish();

        assertThat(client.initiator.configurationReply()).isEqualTo(new Configuration(ConfigType.CFG_REPLY, List.of(
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, HEX.parseHex("0a030007")),
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_DNS, HEX.parseHex("c0000235")))));
        assertThat(sa.children()).hasSize(1);
        assertThat(sa.children().get(0).localTs()).containsExactly(host("10.3.0.7"));
        SaSnapshot listed = node.testKit.createTestProbe().awaitAssert(OneNodeCluster.TIMEOUT, () -> {
            SaSnapshot snapshot = awaitSaCount(1).get(0);
            assertThat(snapshot.children()).hasSize(1);
            return snapshot;
        });
        assertThat(listed.virtualIps()).containsExactly("10.3.0.7");
        assertThat(listed.children().get(0).remoteTs()).containsExactly("10.3.0.7/32");
    }

    @Test
    void sameIdentityGetsAddressAgainAfterDelete() {
        RoutedClient first = client("bob@ikec.test", "203.0.113.22");
        first.establish();
        delete(first);
        awaitSaCount(0);

        RoutedClient second = client("bob@ikec.test", "203.0.113.23");
        IkeSa sa = second.establish();

        assertThat(sa.children().get(0).localTs()).containsExactly(host("10.3.0.7"));
    }

    @Test
    void exhaustedPoolGivesInternalAddressFailure() {
        RoutedClient holder = client("carol@ikec.test", "203.0.113.24");
        holder.establish();
        RoutedClient other = client("dave@ikec.test", "203.0.113.25");

        // <--  HDR, SK {IDr, AUTH, N(INTERNAL_ADDRESS_FAILURE)}
        IkeSa sa = other.establish();

        assertThat(sa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(sa.children()).isEmpty();
        assertThat(other.initiator.configurationReply()).isNull();
        List<SaSnapshot> listed = awaitSaCount(2);
        assertThat(listed).filteredOn(snapshot -> snapshot.virtualIps().isEmpty()).hasSize(1);
        assertThat(listed).filteredOn(snapshot -> snapshot.virtualIps().equals(List.of("10.3.0.7"))).hasSize(1);
    }
}
