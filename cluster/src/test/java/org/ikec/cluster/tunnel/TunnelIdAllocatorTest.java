package org.ikec.cluster.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.cluster.tunnel.TunnelIdNode.forced;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Allocation on a one-node cluster whose segments hold 8 indexes each (2^28 segments), so that
 * tests fill a segment. Every test uses its own segment: segment s covers 8s..8s+7. The system
 * serializes every message it delivers, as it would between nodes.
 */
class TunnelIdAllocatorTest {

    private static TunnelIdNode node;

    private final Logger allocatorLogger = (Logger) LoggerFactory.getLogger("org.ikec.cluster.tunnel");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void startNode() {
        node = TunnelIdNode.startAlone("TunnelIdAllocatorTest",
                "ikec.tunnel-ids.segment-bits = 28\npekko.actor.serialize-messages = on");
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        allocatorLogger.addAppender(logs);
    }

    @AfterEach
    void stopCapturingLogs() {
        allocatorLogger.detachAppender(logs);
        logs.stop();
    }

    @Test
    void sameOwnerGetsSameIndex() {
        TunnelIdentity identity = forced(1000);

        int first = node.allocate(identity, "sa-same-1");
        int second = node.allocate(identity, "sa-same-1");

        assertThat(first).isEqualTo(1000);
        assertThat(second).isEqualTo(1000);
    }

    @Test
    void hashedIdentityGetsPreferredIndex() {
        TunnelIdentity identity = new TunnelIdentity("ipsec_ss_cust554", new byte[] {(byte) 192, 0, 2, 41},
                "gw.example.net", "client7@example.org");

        int index = node.allocate(identity, "sa-hashed-1");

        assertThat(index).isEqualTo(2002011360);
    }

    @Test
    void bothEndsInitiatedGetNextFreeIndex() {
        TunnelIdentity identity = forced(1016);

        int ours = node.allocate(identity, "sa-both-initiator");
        int theirs = node.allocate(identity, "sa-both-responder");

        assertThat(ours).isEqualTo(1016);
        assertThat(theirs).isEqualTo(1017);
    }

    @Test
    void releasedIndexReusedByAnotherOwner() {
        TunnelIdentity identity = forced(1032);
        int first = node.allocate(identity, "sa-release-1");

        node.tunnelIds.release(first, "sa-release-1");
        int second = node.allocate(identity, "sa-release-2");

        assertThat(first).isEqualTo(1032);
        assertThat(second).isEqualTo(1032);
    }

    @Test
    void releaseOwnerFreesOwnersIndex() {
        TunnelIdentity identity = forced(1456);
        int abandoned = node.allocate(identity, "sa-abandoned-1");
        int other = node.allocate(identity, "sa-abandoned-other");

        node.tunnelIds.releaseUnanswered("sa-abandoned-1", 1456);
        node.tunnelIds.releaseUnanswered("sa-never-asked", 1456);
        int next = node.allocate(identity, "sa-abandoned-2");

        assertThat(abandoned).isEqualTo(1456);
        assertThat(other).isEqualTo(1457);
        assertThat(next).isEqualTo(1456);
        assertThat(node.allocate(identity, "sa-abandoned-other")).isEqualTo(1457);
    }

    @Test
    void releaseByOtherOwnerIgnored() {
        TunnelIdentity identity = forced(1048);
        int kept = node.allocate(identity, "sa-keep-1");

        node.tunnelIds.release(kept, "sa-keep-intruder");
        int next = node.allocate(identity, "sa-keep-2");

        assertThat(kept).isEqualTo(1048);
        assertThat(next).isEqualTo(1049);
    }

    @Test
    void forcedCollisionsGetUniqueIndexes() {
        List<Integer> indexes = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            indexes.add(node.allocate(forced(1064), "sa-collide-" + i));
        }

        assertThat(indexes).containsExactly(1064, 1065, 1066, 1067, 1068);
    }

    @Test
    void burstInOneSegmentAllAnswered() {
        // Sent without waiting for replies, the requests after the first mostly reach the allocator
        // while a write is in flight, so they queue up and go out together.
        List<CompletableFuture<Integer>> replies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            replies.add(node.tunnelIds.allocate(forced(1304), "sa-burst-" + i, TunnelIdNode.TIMEOUT)
                    .toCompletableFuture());
        }

        List<Integer> indexes = replies.stream().map(CompletableFuture::join).toList();

        assertThat(indexes).containsExactly(1304, 1305, 1306, 1307, 1308, 1309, 1310, 1311);
        assertThat(node.allocate(forced(1304), "sa-burst-3")).isEqualTo(1307);
    }

    @Test
    void collisionWrapsInsideSegment() {
        List<Integer> indexes = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            indexes.add(node.allocate(forced(1086), "sa-wrap-" + i));
        }

        assertThat(indexes).containsExactly(1086, 1087, 1080);
    }

    @Test
    void fullSegmentMovesToNextSegment() {
        List<Integer> indexes = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            indexes.add(node.allocate(forced(1200), "sa-full-" + i));
        }

        assertThat(indexes).containsExactly(1200, 1201, 1202, 1203, 1204, 1205, 1206, 1207, 1208, 1209);
        assertThat(node.allocate(forced(1200), "sa-full-9")).isEqualTo(1209);
    }

    @Test
    void lastSegmentWrapsToSegmentZero() {
        List<Integer> indexes = new ArrayList<>();

        for (int i = 0; i < 9; i++) {
            indexes.add(node.allocate(forced(TunnelHashing.MAX_INDEX), "sa-last-" + i));
        }

        assertThat(indexes).containsExactly(2147483647, 2147483640, 2147483641, 2147483642, 2147483643,
                2147483644, 2147483645, 2147483646, 1);
    }

    @Test
    void transferKeepsIndexForSuccessor() {
        TunnelIdentity identity = forced(1096);
        int index = node.allocate(identity, "sa-rekey-old");

        node.tunnelIds.transfer(index, "sa-rekey-old", "sa-rekey-new");
        int successor = node.allocate(identity, "sa-rekey-new");
        int other = node.allocate(identity, "sa-rekey-other");

        assertThat(index).isEqualTo(1096);
        assertThat(successor).isEqualTo(1096);
        assertThat(other).isEqualTo(1097);
    }

    @Test
    void releaseByPredecessorAfterTransferIgnored() {
        TunnelIdentity identity = forced(1112);
        int index = node.allocate(identity, "sa-moved-old");
        node.tunnelIds.transfer(index, "sa-moved-old", "sa-moved-new");

        node.tunnelIds.release(index, "sa-moved-old");
        int other = node.allocate(identity, "sa-moved-other");

        assertThat(index).isEqualTo(1112);
        assertThat(other).isEqualTo(1113);
    }

    @Test
    void transferToOwnerWithIndexIgnored() {
        int first = node.allocate(forced(1128), "sa-busy-1");
        int second = node.allocate(forced(1128), "sa-busy-2");

        node.tunnelIds.transfer(first, "sa-busy-1", "sa-busy-2");
        node.tunnelIds.release(first, "sa-busy-1");
        int third = node.allocate(forced(1128), "sa-busy-3");

        assertThat(first).isEqualTo(1128);
        assertThat(second).isEqualTo(1129);
        assertThat(third).isEqualTo(1128);
    }

    @Test
    void claimOfFreeIndexKeepsIt() {
        int claimed = node.claim(1403, forced(1400), "sa-claim-free");
        int again = node.allocate(forced(1400), "sa-claim-free");
        int other = node.allocate(forced(1403), "sa-claim-other");

        assertThat(claimed).isEqualTo(1403);
        assertThat(again).isEqualTo(1403);
        assertThat(other).isEqualTo(1404);
    }

    @Test
    void claimOfIndexTakenMeanwhileGetsNewIndex() {
        int takerIndex = node.allocate(forced(1416), "sa-claim-taker");

        int claimed = node.claim(1416, forced(1416), "sa-claim-late");

        assertThat(takerIndex).isEqualTo(1416);
        assertThat(claimed).isEqualTo(1417);
    }

    @Test
    void censusConflictKeepsFirstReportedOwner() {
        // Two probes act as the census of two more nodes, so the test decides which report
        // reaches the allocator of segment 190 (1520..1527) first. The node's own census reports
        // no index in that segment.
        TestProbe<TunnelIndexCensus.HoldingsOf> firstNode = node.testKit.createTestProbe();
        TestProbe<TunnelIndexCensus.HoldingsOf> secondNode = node.testKit.createTestProbe();
        registerCensus(firstNode.ref(), secondNode.ref());
        try {
            CompletableFuture<Integer> keptReply = node.tunnelIds.allocate(forced(1520), "sa-census-kept",
                    TunnelIdNode.TIMEOUT).toCompletableFuture();
            TunnelIndexCensus.HoldingsOf firstRequest =
                    firstNode.expectMessageClass(TunnelIndexCensus.HoldingsOf.class);
            TunnelIndexCensus.HoldingsOf secondRequest =
                    secondNode.expectMessageClass(TunnelIndexCensus.HoldingsOf.class);
            firstRequest.replyTo().tell(new TunnelIndexCensus.Holdings(190, firstNode.ref(),
                    Map.of(1523, "sa-census-kept")));
            secondRequest.replyTo().tell(new TunnelIndexCensus.Holdings(190, secondNode.ref(),
                    Map.of(1523, "sa-census-dropped")));

            int keptIndex = keptReply.join();
            int keptAgain = node.allocate(forced(1520), "sa-census-kept");
            int droppedIndex = node.allocate(forced(1523), "sa-census-dropped");

            assertThat(firstRequest.segment()).isEqualTo(190);
            assertThat(secondRequest.segment()).isEqualTo(190);
            assertThat(keptIndex).isEqualTo(1523);
            assertThat(keptAgain).isEqualTo(1523);
            assertThat(droppedIndex).isEqualTo(1524);
            assertThat(warnings()).containsOnlyOnce("tunnel-id segment 190: two nodes report index 1523 held,"
                    + " by sa-census-kept and by sa-census-dropped; kept sa-census-kept");
        } finally {
            deregisterCensus(firstNode.ref(), secondNode.ref());
        }
    }

    @Test
    void claimOfIndexInOtherSegmentIgnored() {
        // Segment 192 covers 1536..1543, and index 1545 belongs to segment 193.
        int holderIndex = node.allocate(forced(1536), "sa-segment-holder");
        TestProbe<TunnelIdAllocator.Allocated> strayReply = node.testKit.createTestProbe();

        ClusterSharding.get(node.testKit.system()).entityRefFor(TunnelIdAllocator.TYPE_KEY, "192")
                .tell(new TunnelIdAllocator.Claim(1545, forced(1545), "sa-stray", strayReply.ref()));
        int holderAgain = node.allocate(forced(1536), "sa-segment-holder");
        int strayInSegment = node.allocate(forced(1536), "sa-stray");
        int claimedInOwnSegment = node.claim(1545, forced(1545), "sa-segment-next");

        assertThat(holderIndex).isEqualTo(1536);
        assertThat(holderAgain).isEqualTo(1536);
        assertThat(strayInSegment).isEqualTo(1537);
        assertThat(claimedInOwnSegment).isEqualTo(1545);
        strayReply.expectNoMessage();
        assertThat(warnings()).containsOnlyOnce(
                "tunnel-id segment 192: ignored claim of index 1545 by sa-stray, which belongs to segment 193");
    }

    private List<String> warnings() {
        return logs.list.stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** Registers {@code census} with the receptionist and waits until a lookup lists them all. */
    @SafeVarargs
    private static void registerCensus(ActorRef<TunnelIndexCensus.HoldingsOf>... census) {
        for (ActorRef<TunnelIndexCensus.HoldingsOf> ref : census) {
            node.testKit.system().receptionist().tell(Receptionist.register(TunnelIndexCensus.KEY, ref));
        }
        awaitCensusListing(listed -> assertThat(listed).contains(census));
    }

    /** Removes {@code census} from the receptionist, so that allocators started later do not wait for them. */
    @SafeVarargs
    private static void deregisterCensus(ActorRef<TunnelIndexCensus.HoldingsOf>... census) {
        for (ActorRef<TunnelIndexCensus.HoldingsOf> ref : census) {
            node.testKit.system().receptionist().tell(Receptionist.deregister(TunnelIndexCensus.KEY, ref));
        }
        awaitCensusListing(listed -> assertThat(listed).doesNotContain(census));
    }

    private static void awaitCensusListing(Consumer<Set<ActorRef<TunnelIndexCensus.HoldingsOf>>> check) {
        TestProbe<Receptionist.Listing> listings = node.testKit.createTestProbe();
        listings.awaitAssert(TunnelIdNode.TIMEOUT, () -> {
            node.testKit.system().receptionist().tell(Receptionist.find(TunnelIndexCensus.KEY, listings.ref()));
            check.accept(listings.expectMessageClass(Receptionist.Listing.class)
                    .getServiceInstances(TunnelIndexCensus.KEY));
            return null;
        });
    }
}
