package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.ikec.cluster.IkeCluster.RouteResult;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IKE SAs set up, listed and deleted through {@link IkeCluster#route} on a real one-node cluster,
 * with an in-process initiator as the peer (RFC 7296 §1.2 and §1.4.1). Each test deletes the IKE SAs
 * it made, so every test starts with an empty SA list.
 */
class IkeClusterRoutingTest {

    private static final long SPI_I = 0x1111_2222_3333_4444L;
    private static final Duration QUIET = Duration.ofMillis(300);

    private static OneNodeCluster node;
    private final List<RoutedClient> clients = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = OneNodeCluster.start("IkeClusterRoutingTest", "");
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void deleteRemainingSas() {
        for (RoutedClient client : clients) {
            if (client.ikeSa().isPresent() && !client.ikeSa().get().isClosed()) {
                deleteThroughNode(client);
            }
        }
        awaitSas(List.of());
    }

    private RoutedClient client(String address, int port) {
        RoutedClient client = new RoutedClient(node, SPI_I, new InetSocketAddress(address, port));
        clients.add(client);
        return client;
    }

    /** Terminates the client's IKE SA on the node and lets the client respond to the DELETE. */
    private static void deleteThroughNode(RoutedClient client) {
        boolean existed = node.cluster.terminate(client.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().join();
        assertThat(existed).isTrue();
        client.deliver(client.awaitFromNode());
        assertThat(client.route(client.takeSent())).isEqualTo(RouteResult.ROUTED);
    }

    private static List<SaSnapshot> listSas() {
        return node.cluster.listSas(OneNodeCluster.TIMEOUT).toCompletableFuture().join();
    }

    /** Waits until the node lists exactly the IKE SAs with these ids, since entities report changes asynchronously. */
    private static List<SaSnapshot> awaitSas(List<String> ids) {
        TestProbe<Object> probe = node.testKit.createTestProbe();
        return probe.awaitAssert(OneNodeCluster.TIMEOUT, () -> {
            List<SaSnapshot> sas = listSas();
            assertThat(sas).extracting(SaSnapshot::id).containsExactlyElementsOf(ids);
            return sas;
        });
    }

    private static String hex16(long spi) {
        return String.format("%016x", spi);
    }

    private static String hex8(int spi) {
        return String.format("%08x", spi);
    }

    @Test
    void handshakeThroughRouteEstablishesListedSa() {
        RoutedClient client = client("203.0.113.10", 500);
        long expectedSpiR = node.cluster.routing().responderSpi(SPI_I, client.address);
        Instant before = Instant.now();

        // HDR(SPIi, 0), SAi1, KEi, Ni, N(NAT_DETECTION_*)  -->
        client.start();
        OutboundDatagram initAnswer = client.exchange();

        // <--  HDR(SPIi, SPIr), SAr1, KEr, Nr, N(NAT_DETECTION_*)
        IkeHeader initHeader = RoutedClient.header(initAnswer.datagram());
        assertThat(initAnswer.remote()).isEqualTo(client.address);
        assertThat(initAnswer.local()).isEqualTo(TestConnections.NODE);
        assertThat(initHeader.spiI()).isEqualTo(SPI_I);
        assertThat(initHeader.spiR()).isEqualTo(expectedSpiR);
        assertThat(initHeader.exchangeType()).isEqualTo(ExchangeType.IKE_SA_INIT);
        assertThat(initHeader.flags()).isEqualTo(IkeHeader.FLAG_RESPONSE);
        assertThat(initHeader.messageId()).isEqualTo(0);

        // HDR, SK {IDi, N(INITIAL_CONTACT), IDr, AUTH, SAi2, TSi, TSr}  -->
        // <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
        OutboundDatagram authAnswer = client.exchange();

        IkeHeader authHeader = RoutedClient.header(authAnswer.datagram());
        assertThat(authHeader.exchangeType()).isEqualTo(ExchangeType.IKE_AUTH);
        assertThat(authHeader.flags()).isEqualTo(IkeHeader.FLAG_RESPONSE);
        assertThat(authHeader.messageId()).isEqualTo(1);
        IkeSa clientSa = client.ikeSa().orElseThrow();
        assertThat(clientSa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(clientSa.spiR()).isEqualTo(expectedSpiR);
        assertThat(client.installed).hasSize(1);
        ChildSa clientChild = client.installed.get(0);

        // The entity reports the IKE SA and then its CHILD SA, so wait until the listing has both.
        SaSnapshot sa = node.testKit.createTestProbe().awaitAssert(OneNodeCluster.TIMEOUT, () -> {
            SaSnapshot listed = awaitSas(List.of(hex16(expectedSpiR))).get(0);
            assertThat(listed.children()).hasSize(1);
            return listed;
        });
        assertThat(sa.node()).isEqualTo(Cluster.get(node.testKit.system()).selfMember().address().hostPort());
        assertThat(sa.connection()).isEqualTo("rw");
        assertThat(sa.state()).isEqualTo("ESTABLISHED");
        assertThat(sa.initiator()).isFalse();
        assertThat(sa.spiI()).isEqualTo("1111222233334444");
        assertThat(sa.spiR()).isEqualTo(hex16(expectedSpiR));
        assertThat(sa.localAddress()).isEqualTo("198.51.100.1:500");
        assertThat(sa.remoteAddress()).isEqualTo("203.0.113.10:500");
        assertThat(sa.localId()).isEqualTo("gw.ikec.test");
        assertThat(sa.remoteId()).isEqualTo("client1@ikec.test");
        assertThat(sa.proposal()).isEqualTo("aes256gcm16-prfsha256-x25519");
        assertThat(sa.establishedAt()).isBetween(before.minusMillis(1), Instant.now());
        assertThat(sa.children()).hasSize(1);

        ChildSaSnapshot child = sa.children().get(0);
        assertThat(child.name()).isEqualTo("net");
        assertThat(child.state()).isEqualTo("INSTALLED");
        assertThat(child.spiIn()).isEqualTo(hex8(clientChild.outboundSpi()));
        assertThat(child.spiOut()).isEqualTo(hex8(clientChild.inboundSpi()));
        assertThat(child.proposal()).isEqualTo("aes128-sha256");
        assertThat(child.localTs()).containsExactly("192.0.2.128/25");
        assertThat(child.remoteTs()).containsExactly("192.0.2.65/32");
        assertThat(clientChild.proposal()).isEqualTo("aes128-sha256");
    }

    @Test
    void retransmittedInitGetsCachedResponse() {
        RoutedClient client = client("203.0.113.11", 500);
        client.start();
        byte[] request = client.takeSent();

        // HDR(SPIi, 0), SAi1, KEi, Ni  -->  (first copy)
        assertThat(client.route(request)).isEqualTo(RouteResult.ROUTED);
        OutboundDatagram first = client.awaitFromNode();

        // HDR(SPIi, 0), SAi1, KEi, Ni  -->  (the same bytes again)
        assertThat(client.route(request.clone())).isEqualTo(RouteResult.ROUTED);
        OutboundDatagram second = client.awaitFromNode();

        assertThat(second.datagram()).isEqualTo(first.datagram());
        assertThat(second.remote()).isEqualTo(first.remote());
        assertThat(second.local()).isEqualTo(first.local());

        client.deliver(first);
        client.exchange();
        assertThat(client.ikeSa()).isPresent();
        awaitSas(List.of(client.saId()));
        client.egress.expectNoMessage(QUIET);
    }

    @Test
    void sameSpiIFromTwoPortsGetsTwoSas() {
        RoutedClient first = client("203.0.113.20", 500);
        RoutedClient second = client("203.0.113.20", 40001);

        IkeSa firstSa = first.establish();
        IkeSa secondSa = second.establish();

        assertThat(firstSa.spiI()).isEqualTo(SPI_I);
        assertThat(secondSa.spiI()).isEqualTo(SPI_I);
        assertThat(firstSa.spiR()).isEqualTo(node.cluster.routing().responderSpi(SPI_I, first.address));
        assertThat(secondSa.spiR()).isEqualTo(node.cluster.routing().responderSpi(SPI_I, second.address));
        assertThat(firstSa.spiR()).isNotEqualTo(secondSa.spiR());

        List<String> ids = new ArrayList<>(List.of(first.saId(), second.saId()));
        ids.sort(null);
        List<SaSnapshot> sas = awaitSas(ids);
        assertThat(sas).extracting(SaSnapshot::spiI).containsOnly("1111222233334444");
        assertThat(sas).filteredOn(sa -> sa.id().equals(first.saId()))
                .extracting(SaSnapshot::remoteAddress).containsExactly("203.0.113.20:500");
        assertThat(sas).filteredOn(sa -> sa.id().equals(second.saId()))
                .extracting(SaSnapshot::remoteAddress).containsExactly("203.0.113.20:40001");
    }

    @Test
    void requestForUnknownSpiGetsInvalidIkeSpi() throws Exception {
        RoutedClient client = client("203.0.113.30", 500);
        Random random = new Random(7296);
        long spiI = random.nextLong() | 1;
        long spiR = random.nextLong() | 1;
        IkeHeader header = new IkeHeader(spiI, spiR, 0, 2, 0, ExchangeType.INFORMATIONAL, IkeHeader.FLAG_INITIATOR,
                7, 0);

        // HDR(SPIi, SPIr, INFORMATIONAL request, message ID 7)  -->  for an IKE SA no entity has
        assertThat(client.route(IkeCodec.encode(new IkeMessage(header, List.of())))).isEqualTo(RouteResult.ROUTED);

        // <--  HDR(SPIi, SPIr, INFORMATIONAL response, message ID 7), N(INVALID_IKE_SPI = 4), unprotected
        OutboundDatagram answer = client.awaitFromNode();
        assertThat(answer.remote()).isEqualTo(client.address);
        assertThat(answer.local()).isEqualTo(TestConnections.NODE);
        assertThat(HexFormat.of().formatHex(answer.datagram())).isEqualTo(
                hex16(spiI) + hex16(spiR) + "29" + "20" + "25" + "20" + "00000007" + "00000024"
                        + "00" + "00" + "0008" + "00" + "00" + "0004");

        IkeMessage decoded = IkeCodec.decode(answer.datagram(), 0, answer.datagram().length);
        assertThat(decoded.header().spiI()).isEqualTo(spiI);
        assertThat(decoded.header().spiR()).isEqualTo(spiR);
        assertThat(decoded.header().messageId()).isEqualTo(7);
        assertThat(decoded.header().isResponse()).isTrue();
        assertThat(decoded.header().isInitiator()).isFalse();
        assertThat(decoded.payloads()).containsExactly(Notify.of(NotifyType.INVALID_IKE_SPI));
        client.egress.expectNoMessage(QUIET);
        assertThat(listSas()).isEmpty();
    }

    @Test
    void responseForUnknownSpiGetsNothing() {
        RoutedClient client = client("203.0.113.31", 500);
        Random random = new Random(4306);
        IkeHeader header = new IkeHeader(random.nextLong() | 1, random.nextLong() | 1, 0, 2, 0,
                ExchangeType.INFORMATIONAL, IkeHeader.FLAG_INITIATOR | IkeHeader.FLAG_RESPONSE, 3, 0);

        // HDR(SPIi, SPIr, INFORMATIONAL response)  -->  for an IKE SA no entity has
        assertThat(client.route(IkeCodec.encode(new IkeMessage(header, List.of())))).isEqualTo(RouteResult.ROUTED);

        client.egress.expectNoMessage(QUIET);
        assertThat(listSas()).isEmpty();
    }

    @Test
    void terminateSendsDeleteAndEmptiesList() {
        RoutedClient client = client("203.0.113.40", 500);
        IkeSa clientSa = client.establish();
        ChildSa clientChild = client.installed.get(0);
        String id = client.saId();
        awaitSas(List.of(id));

        boolean existed = node.cluster.terminate(id, OneNodeCluster.TIMEOUT).toCompletableFuture().join();

        // <--  HDR(SPIi, SPIr, INFORMATIONAL request, message ID 0), SK {D(IKE)}
        assertThat(existed).isTrue();
        OutboundDatagram delete = client.awaitFromNode();
        IkeHeader deleteHeader = RoutedClient.header(delete.datagram());
        assertThat(delete.remote()).isEqualTo(client.address);
        assertThat(deleteHeader.spiI()).isEqualTo(SPI_I);
        assertThat(deleteHeader.spiR()).isEqualTo(clientSa.spiR());
        assertThat(deleteHeader.exchangeType()).isEqualTo(ExchangeType.INFORMATIONAL);
        assertThat(deleteHeader.flags()).isEqualTo(0);
        assertThat(deleteHeader.messageId()).isEqualTo(0);

        // HDR(SPIi, SPIr, INFORMATIONAL response, message ID 0), SK {}  -->
        client.deliver(delete);
        assertThat(client.closedReasons).containsExactly("deleted by peer");
        assertThat(clientSa.isClosed()).isTrue();
        byte[] answer = client.takeSent();
        IkeHeader answerHeader = RoutedClient.header(answer);
        assertThat(answerHeader.flags()).isEqualTo(IkeHeader.FLAG_RESPONSE | IkeHeader.FLAG_INITIATOR);
        assertThat(answerHeader.messageId()).isEqualTo(0);
        assertThat(client.route(answer)).isEqualTo(RouteResult.ROUTED);

        awaitSas(List.of());
        assertThat(listSas()).isEmpty();
        TestProbe<Object> probe = node.testKit.createTestProbe();
        probe.awaitAssert(OneNodeCluster.TIMEOUT, () -> {
            assertThat(node.dataPlane.removedFor(id))
                    .containsExactly(new DataPlaneRecorder.Removal(id, clientChild.outboundSpi()));
            return null;
        });
    }

    @Test
    void terminateUnknownIdCompletesFalse() {
        assertThat(node.cluster.terminate("0123456789abcdef", OneNodeCluster.TIMEOUT).toCompletableFuture().join())
                .isFalse();
        assertThat(node.cluster.terminate("not-an-ike-sa-id", OneNodeCluster.TIMEOUT).toCompletableFuture().join())
                .isFalse();
        assertThat(node.cluster.terminate("", OneNodeCluster.TIMEOUT).toCompletableFuture().join()).isFalse();
    }

    @Test
    void malformedDatagramIsRejected() {
        RoutedClient client = client("203.0.113.50", 500);
        byte[] garbage = new byte[20];
        new Random(20).nextBytes(garbage);

        assertThat(client.route(garbage)).isEqualTo(RouteResult.MALFORMED_HEADER);

        client.egress.expectNoMessage(QUIET);
    }

    @Test
    void dataPlaneGetsKeysClientDerived() {
        RoutedClient client = client("203.0.113.60", 500);
        IkeSa clientSa = client.establish();
        ChildSa clientChild = client.installed.get(0);
        String id = client.saId();

        TestProbe<Object> probe = node.testKit.createTestProbe();
        ChildSaInstallation installed = probe.awaitAssert(OneNodeCluster.TIMEOUT, () -> {
            assertThat(node.dataPlane.installedFor(id)).hasSize(1);
            return node.dataPlane.installedFor(id).get(0);
        });

        assertThat(installed.childName()).isEqualTo("net");
        assertThat(installed.inboundSpi()).isEqualTo(clientChild.outboundSpi());
        assertThat(installed.outboundSpi()).isEqualTo(clientChild.inboundSpi());
        assertThat(installed.proposal()).isEqualTo("aes128-sha256");
        assertThat(installed.localTs()).containsExactly("192.0.2.128/25");
        assertThat(installed.remoteTs()).containsExactly("192.0.2.65/32");
        assertThat(installed.local()).isEqualTo(TestConnections.NODE);
        assertThat(installed.remote()).isEqualTo(client.address);
        assertThat(installed.udpEncapsulation()).isFalse();
        assertThat(installed.encryptionKeyIn()).hasSize(16).isEqualTo(clientChild.encryptionKeyOut());
        assertThat(installed.integrityKeyIn()).hasSize(32).isEqualTo(clientChild.integrityKeyOut());
        assertThat(installed.encryptionKeyOut()).hasSize(16).isEqualTo(clientChild.encryptionKeyIn());
        assertThat(installed.integrityKeyOut()).hasSize(32).isEqualTo(clientChild.integrityKeyIn());
        assertThat(installed.encryptionKeyIn()).isNotEqualTo(installed.encryptionKeyOut());
        assertThat(installed.toString()).doesNotContain(HexFormat.of().formatHex(installed.encryptionKeyIn()));
        assertThat(clientSa.children()).containsExactly(clientChild);
    }
}
