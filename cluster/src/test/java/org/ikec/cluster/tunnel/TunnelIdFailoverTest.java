package org.ikec.cluster.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.cluster.tunnel.TunnelIdNode.forced;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in one JVM on 127.0.0.1. The node that hosts an allocator leaves the cluster, the
 * allocator starts again on another node, and rebuilds its segment from the indexes that the
 * remaining nodes report held.
 */
class TunnelIdFailoverTest {

    private static final String SEGMENT_ZERO = "0";

    private final List<TunnelIdNode> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        for (TunnelIdNode node : nodes) {
            node.close();
        }
    }

    @Test
    void indexesHeldOnOtherNodesSurviveHostLeaving() {
        startCluster("TunnelIdFailoverSurvive");
        TunnelIdNode host = hostOfSegmentZero();
        TunnelIdNode owner = anyOtherThan(host);

        int liveIndex = owner.allocate(forced(5000), "sa-failover-live");
        leave(host);
        int colliding = owner.allocate(forced(5000), "sa-failover-new");
        int again = anyOtherThan(owner).allocate(forced(5000), "sa-failover-live");

        assertThat(liveIndex).isEqualTo(5000);
        assertThat(colliding).isEqualTo(5001);
        assertThat(again).isEqualTo(5000);
    }

    @Test
    void leavingOwnersIndexIsFreed() {
        startCluster("TunnelIdFailoverFreed");
        TunnelIdNode host = hostOfSegmentZero();

        int goneIndex = host.allocate(forced(6000), "sa-on-leaving-node");
        leave(host);
        int next = nodes.get(0).allocate(forced(6000), "sa-after-leave");

        assertThat(goneIndex).isEqualTo(6000);
        assertThat(next).isEqualTo(6000);
    }

    @Test
    void claimedIndexSurvivesHostLeaving() {
        startCluster("TunnelIdFailoverClaim");
        TunnelIdNode host = hostOfSegmentZero();
        TunnelIdNode first = anyOtherThan(host);
        TunnelIdNode second = anyOtherThan(host, first);

        int firstIndex = first.allocate(forced(7000), "sa-stays");
        int movedIndex = host.allocate(forced(7000), "sa-moves");
        host.tunnelIds.movedAway(movedIndex, "sa-moves");
        int claimed = second.claim(movedIndex, forced(7000), "sa-moves");
        leave(host);
        int third = first.allocate(forced(7000), "sa-third");

        assertThat(firstIndex).isEqualTo(7000);
        assertThat(movedIndex).isEqualTo(7001);
        assertThat(claimed).isEqualTo(7001);
        assertThat(third).isEqualTo(7002);
    }

    private void startCluster(String name) {
        TunnelIdNode seed = TunnelIdNode.startAlone(name, "");
        nodes.add(seed);
        nodes.add(TunnelIdNode.startJoining(name, "", seed));
        nodes.add(TunnelIdNode.startJoining(name, "", seed));
        for (TunnelIdNode node : nodes) {
            node.awaitUpMembers(3);
        }
    }

    /** Starts the allocator of segment 0 with an allocation that is released at once, and finds its node. */
    private TunnelIdNode hostOfSegmentZero() {
        int warmUp = nodes.get(0).allocate(forced(4000), "sa-warm-up");
        nodes.get(0).tunnelIds.release(warmUp, "sa-warm-up");
        return hostOf(SEGMENT_ZERO);
    }

    private TunnelIdNode anyOtherThan(TunnelIdNode... excluded) {
        return nodes.stream().filter(node -> !List.of(excluded).contains(node)).findFirst().orElseThrow();
    }

    private void leave(TunnelIdNode node) {
        node.close();
        nodes.remove(node);
        for (TunnelIdNode remaining : nodes) {
            remaining.awaitUpMembers(nodes.size());
        }
    }

    /** Finds the node whose shard region runs the allocator entity {@code entityId}. */
    private TunnelIdNode hostOf(String entityId) {
        for (TunnelIdNode node : nodes) {
            TestProbe<ShardRegion.CurrentShardRegionState> probe =
                    node.testKit.createTestProbe(ShardRegion.CurrentShardRegionState.class);
            ClusterSharding.get(node.testKit.system()).shardState()
                    .tell(new GetShardRegionState(TunnelIdAllocator.TYPE_KEY, probe.ref()));
            ShardRegion.CurrentShardRegionState state = probe.expectMessageClass(
                    ShardRegion.CurrentShardRegionState.class, Duration.ofSeconds(5));
            for (ShardRegion.ShardState shard : state.getShards()) {
                if (shard.getEntityIds().contains(entityId)) {
                    return node;
                }
            }
        }
        throw new AssertionError("no node runs allocator entity " + entityId);
    }
}
