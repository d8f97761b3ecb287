package org.ikec.cluster.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.cluster.tunnel.TunnelIdNode.forced;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Allocation on a one-node cluster whose segments hold 8 indexes each (2^28 segments), so that
 * tests fill a segment. Every test uses its own segment: segment s covers 8s..8s+7. The system
 * serializes every message it delivers, as it would between nodes.
 */
class TunnelIdAllocatorTest {

    private static TunnelIdNode node;

    @BeforeAll
    static void startNode() {
        node = TunnelIdNode.startAlone("TunnelIdAllocatorTest",
                "ikec.tunnel-ids.segment-bits = 28\npekko.actor.serialize-messages = on");
    }

    @AfterAll
    static void stopNode() {
        node.close();
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
}
