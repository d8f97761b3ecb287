package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.ikec.cluster.tunnel.SilentCensusNode;
import org.ikec.cluster.tunnel.TunnelHashing;
import org.ikec.cluster.tunnel.TunnelIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An IKE SA whose allocator does not reply in time sends its request again until it gets its
 * tunnel index. Here the allocator waits for a census participant that never replies, like a node
 * stuck in a long GC pause, so it replies only after its census timeout of 5 s. The IKE SA's requests time
 * out after 1 s each, and the first request after the census gets the index.
 */
class TunnelIndexRetryTest {

    private static final String SLOW_ALLOCATOR = String.join("\n",
            "ikec.tunnel-ids.census-timeout = 5s",
            "ikec.tunnel-ids.request-timeout = 1s",
            "ikec.tunnel-ids.retry-backoff = 1s",
            "ikec.tunnel-ids.max-retry-backoff = 2s");

    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.61", 500);

    private OneNodeCluster node;

    @BeforeEach
    void start() {
        node = OneNodeCluster.start("TunnelIndexRetryTest", SLOW_ALLOCATOR);
        SilentCensusNode.register(node.testKit);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void unansweredSaGetsIndexLater() throws Exception {
        TestProbe<SaFeed.Event> feed = subscribeToFeed("7272000000000001");
        RoutedClient client = new RoutedClient(node, 0x7272_0000_0000_0001L, PEER);
        handshake(client);

        SaSnapshot withoutIndex = changed(feed.receiveMessage(Duration.ofSeconds(5)));
        assertThat(withoutIndex.id()).isEqualTo(client.saId());
        assertThat(withoutIndex.tunnelIndex()).isNull();
        assertThat(withoutIndex.children()).hasSize(1);

        SaSnapshot withIndex = changed(feed.receiveMessage(Duration.ofSeconds(15)));
        assertThat(withIndex.id()).isEqualTo(client.saId());
        assertThat(withIndex.tunnelIndex()).isNotNull().isPositive();
        feed.expectNoMessage(Duration.ofSeconds(3));

        List<SaSnapshot> listed = node.cluster.listSas(OneNodeCluster.TIMEOUT).toCompletableFuture().get();
        assertThat(listed).extracting(SaSnapshot::tunnelIndex).containsExactly(withIndex.tunnelIndex());
    }

    /**
     * The allocator grants the first request after its census, long after that request timed out.
     * An IKE SA that ended in between must neither come back in the feed nor keep that index, so
     * the next tunnel with the same identity gets the index its hash prefers.
     */
    @Test
    void endedSaKeepsNoIndex() throws Exception {
        TestProbe<SaFeed.Event> feed = subscribeToFeed("7272000000000002");
        RoutedClient ended = new RoutedClient(node, 0x7272_0000_0000_0002L, PEER);
        handshake(ended);
        assertThat(changed(feed.receiveMessage(Duration.ofSeconds(5))).tunnelIndex()).isNull();

        node.cluster.terminate(ended.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().get();
        // <--  HDR, SK {D}   HDR, SK {}  -->
        ended.deliver(ended.awaitFromNode());
        ended.route(ended.takeSent());
        assertThat(changed(feed.receiveMessage(Duration.ofSeconds(5))).state()).isEqualTo("DELETING");
        SaFeed.Event deleted = feed.receiveMessage(Duration.ofSeconds(5));
        assertThat(deleted).isInstanceOf(SaFeed.SaDeleted.class);
        assertThat(((SaFeed.SaDeleted) deleted).id()).isEqualTo(ended.saId());
        feed.expectNoMessage(Duration.ofSeconds(8));

        TestProbe<SaFeed.Event> nextFeed = subscribeToFeed("7272000000000003");
        RoutedClient next = new RoutedClient(node, 0x7272_0000_0000_0003L, PEER);
        handshake(next);
        SaSnapshot nextSa = changed(nextFeed.receiveMessage(Duration.ofSeconds(5)));
        int preferred = TunnelHashing.preferredIndex(new TunnelIdentity(nextSa.connection(),
                PEER.getAddress().getAddress(), nextSa.localId(), nextSa.remoteId()));
        assertThat(nextSa.tunnelIndex()).isEqualTo(preferred);
        assertThat(node.cluster.listSas(OneNodeCluster.TIMEOUT).toCompletableFuture().get())
                .extracting(SaSnapshot::id).containsExactly(next.saId());
    }

    private static void handshake(RoutedClient client) throws Exception {
        client.start();
        // HDR, SAi1, KEi, Ni  -->   <--  HDR, SAr1, KEr, Nr
        client.route(client.takeSent());
        client.deliver(client.awaitFromNode());
        // HDR, SK {IDi, AUTH, SAi2, TSi, TSr}  -->   <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
        client.route(client.takeSent());
        client.deliver(client.awaitFromNode());
    }

    private static SaSnapshot changed(SaFeed.Event event) {
        assertThat(event).isInstanceOf(SaFeed.SaChanged.class);
        return ((SaFeed.SaChanged) event).snapshot();
    }

    /**
     * Subscribes a probe to the changes of the IKE SA whose SPIi is {@code spiI} and to every
     * deletion; each test has a node of its own.
     */
    private TestProbe<SaFeed.Event> subscribeToFeed(String spiI) {
        TestProbe<SaFeed.Event> feed = node.testKit.createTestProbe(SaFeed.Event.class);
        ActorRef<Topic.Command<SaFeed.Event>> topic = node.testKit.spawn(SaFeed.topic());
        topic.tell(Topic.subscribe(node.testKit.spawn(Behaviors.<SaFeed.Event>receiveMessage(event -> {
            if (event instanceof SaFeed.SaChanged changed && changed.snapshot().spiI().equals(spiI)
                    || event instanceof SaFeed.SaDeleted) {
                feed.ref().tell(event);
            }
            return Behaviors.same();
        }))));
        feed.expectNoMessage(Duration.ofSeconds(1));
        return feed;
    }
}
