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
 * allocator starts again on another node, and the indexes it handed out come back from
 * Distributed Data.
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
    void indexesSurviveHostLeaving() {
        TunnelIdNode first = TunnelIdNode.startAlone("TunnelIdFailover", "");
        nodes.add(first);
        nodes.add(TunnelIdNode.startJoining("TunnelIdFailover", "", first));
        nodes.add(TunnelIdNode.startJoining("TunnelIdFailover", "", first));
        for (TunnelIdNode node : nodes) {
            node.awaitUpMembers(3);
        }

        int liveIndex = first.allocate(forced(5000), "sa-failover-live");
        TunnelIdNode host = hostOf(SEGMENT_ZERO);
        host.close();
        nodes.remove(host);
        for (TunnelIdNode node : nodes) {
            node.awaitUpMembers(2);
        }
        TunnelIdNode survivor = nodes.get(0);
        int colliding = survivor.allocate(forced(5000), "sa-failover-new");
        int again = survivor.allocate(forced(5000), "sa-failover-live");

        assertThat(liveIndex).isEqualTo(5000);
        assertThat(colliding).isEqualTo(5001);
        assertThat(again).isEqualTo(5000);
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
