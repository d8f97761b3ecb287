package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Predicate;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.ikec.protocol.ike.IkeTraffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an entity reports to the SA directory. A new IKE SA arrives once, with its tunnel index.
 * The reports carry the handshake's traffic counts, no feed event comes while the SA is idle, and
 * one event follows a retransmitted request within the report interval.
 */
class TrafficReportTest {

    private static OneNodeCluster node;

    @BeforeAll
    static void start() {
        node = OneNodeCluster.start("TrafficReportTest", "");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void trafficReachesDirectoryWithoutFlooding() throws Exception {
        RoutedClient client = new RoutedClient(node, 0x7171_0000_0000_0001L, new InetSocketAddress("192.0.2.51", 500));
        client.start();
        // HDR, SAi1, KEi, Ni  -->   <--  HDR, SAr1, KEr, Nr
        byte[] initRequest = client.takeSent();
        client.route(initRequest);
        OutboundDatagram initResponse = client.awaitFromNode();
        client.deliver(initResponse);
        // HDR, SK {IDi, AUTH, SAi2, TSi, TSr}  -->   <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
        byte[] authRequest = client.takeSent();
        client.route(authRequest);
        OutboundDatagram authResponse = client.awaitFromNode();
        client.deliver(authResponse);
        IkeTraffic handshake = new IkeTraffic(initRequest.length + authRequest.length, 2,
                initResponse.datagram().length + authResponse.datagram().length, 2);

        SaSnapshot reported = awaitTraffic(client.saId(), handshake);
        assertThat(reported.ikeTraffic()).isEqualTo(handshake);
        assertThat(reported.authMethod()).isEqualTo(IkeAuthMethod.PRE_SHARED_KEY);
        assertThat(reported.ikeLifetimeSeconds()).isEqualTo(TestConnections.node().connections().get(0)
                .rekeyTime().toSeconds());

        TestProbe<SaFeed.Event> feed = subscribeToFeed(event -> event instanceof SaFeed.SaChanged changed
                && changed.snapshot().id().equals(client.saId()));
        Thread.sleep(IkeSaEntity.TRAFFIC_REPORT_INTERVAL.toMillis());
        feed.expectNoMessage(Duration.ofSeconds(1));

        // HDR, SK {IDi, AUTH, SAi2, TSi, TSr}  -->  again; the node sends its cached response
        client.route(authRequest);
        client.awaitFromNode();
        IkeTraffic retransmitted = handshake.plus(new IkeTraffic(authRequest.length, 1,
                authResponse.datagram().length, 1));

        SaFeed.Event event = feed.receiveMessage(IkeSaEntity.TRAFFIC_REPORT_INTERVAL.plusSeconds(5));
        assertThat(event).isInstanceOf(SaFeed.SaChanged.class);
        assertThat(((SaFeed.SaChanged) event).snapshot().ikeTraffic()).isEqualTo(retransmitted);
        feed.expectNoMessage(IkeSaEntity.TRAFFIC_REPORT_INTERVAL.plusSeconds(1));

        node.cluster.terminate(client.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().get();
    }

    @Test
    void newSaReportedOnceWithIndex() throws Exception {
        TestProbe<SaFeed.Event> feed = subscribeToFeed(event -> event instanceof SaFeed.SaChanged changed
                && changed.snapshot().spiI().equals("7171000000000002"));
        RoutedClient client = new RoutedClient(node, 0x7171_0000_0000_0002L, new InetSocketAddress("192.0.2.52", 500));
        client.start();

        // HDR, SAi1, KEi, Ni  -->   <--  HDR, SAr1, KEr, Nr
        client.route(client.takeSent());
        client.deliver(client.awaitFromNode());
        // HDR, SK {IDi, AUTH, SAi2, TSi, TSr}  -->   <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
        client.route(client.takeSent());
        client.deliver(client.awaitFromNode());

        SaFeed.Event event = feed.receiveMessage(Duration.ofSeconds(10));
        assertThat(event).isInstanceOf(SaFeed.SaChanged.class);
        SaSnapshot reported = ((SaFeed.SaChanged) event).snapshot();
        assertThat(reported.id()).isEqualTo(client.saId());
        assertThat(reported.tunnelIndex()).isNotNull().isPositive();
        assertThat(reported.children()).hasSize(1);
        feed.expectNoMessage(Duration.ofSeconds(1));

        node.cluster.terminate(client.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().get();
    }

    /**
     * Subscribes a probe to the feed events that {@code wanted} accepts and waits for the
     * subscription to settle. The filter keeps the other test's IKE SA out.
     */
    private static TestProbe<SaFeed.Event> subscribeToFeed(Predicate<SaFeed.Event> wanted) {
        TestProbe<SaFeed.Event> feed = node.testKit.createTestProbe(SaFeed.Event.class);
        ActorRef<Topic.Command<SaFeed.Event>> topic = node.testKit.spawn(SaFeed.topic());
        topic.tell(Topic.subscribe(node.testKit.spawn(Behaviors.<SaFeed.Event>receiveMessage(event -> {
            if (wanted.test(event)) {
                feed.ref().tell(event);
            }
            return Behaviors.same();
        }))));
        feed.expectNoMessage(Duration.ofSeconds(1));
        return feed;
    }

    private static SaSnapshot awaitTraffic(String id, IkeTraffic expected) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        SaSnapshot last = null;
        while (System.currentTimeMillis() < deadline) {
            for (SaSnapshot sa : node.cluster.listSas(OneNodeCluster.TIMEOUT).toCompletableFuture().get()) {
                if (sa.id().equals(id)) {
                    last = sa;
                }
            }
            if (last != null && expected.equals(last.ikeTraffic()) && last.tunnelIndex() != null) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("IKE SA " + id + " was not reported with " + expected + "; last report: " + last);
    }
}
