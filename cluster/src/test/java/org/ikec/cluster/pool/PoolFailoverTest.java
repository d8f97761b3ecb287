package org.ikec.cluster.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.cluster.pool.PoolNode.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.ikec.protocol.vip.Lease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in one JVM on 127.0.0.1. The node that runs segment 0 of pool fo4 leaves the cluster
 * or is downed, and the segment starts again on another node from Distributed Data. The leases of
 * the removed node's IKE SAs are freed after the grace period unless they are leased again. Users
 * 2, 5, 7, 9, 12 and 17 and erin have their home in segment 0.
 */
class PoolFailoverTest {

    private static final String SEGMENT_ZERO = "fo4/0";
    private static final List<Integer> KEEP_USERS = List.of(2, 7, 12);
    private static final List<Integer> DROP_USERS = List.of(5, 9, 17);

    private final List<PoolNode> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        for (PoolNode node : nodes) {
            node.close();
        }
    }

    @Test
    void leasesSurviveHostLeaving() {
        runScenario(false);
    }

    @Test
    void leasesSurviveHostDowned() {
        runScenario(true);
    }

    /**
     * Node i leases 198.51.100.(2i+1) for sa-keep-i and 198.51.100.(2i+2) for sa-drop-i, and erin
     * leases and releases 198.51.100.7. After the host of segment 0 is gone, the host's sa-keep
     * leases again from a surviving node within the grace period and its sa-drop does not.
     */
    private void runScenario(boolean down) {
        nodes.addAll(PoolNode.startCluster(3, down ? "PoolFailoverDown" : "PoolFailoverLeave",
                "ikec.address-pools { segment-size = 16, orphan-grace = 4 seconds }",
                List.of(pool("fo4", "198.51.100.0", 26))));
        for (int i = 0; i < 3; i++) {
            nodes.get(i).leaseIpv4("sa-keep-" + i, user(KEEP_USERS.get(i)), "fo4");
            nodes.get(i).leaseIpv4("sa-drop-" + i, user(DROP_USERS.get(i)), "fo4");
        }
        String erin = nodes.get(0).leaseIpv4("sa-erin-1", "erin@example.org", "fo4");
        nodes.get(0).pools.release("sa-erin-1", List.of(new Lease("fo4", PoolNode.address(erin))));
        awaitLeased(nodes.get(0), 6);

        PoolNode host = hostOf(SEGMENT_ZERO);
        int hostIndex = nodes.indexOf(host);
        List<PoolNode> survivors = new ArrayList<>(nodes);
        survivors.remove(host);
        if (down) {
            Cluster.get(survivors.get(0).testKit.system()).manager().tell(new Down(host.address()));
        } else {
            host.close();
        }
        for (PoolNode survivor : survivors) {
            survivor.awaitUpMembers(2);
        }

        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            kept.add(survivors.get(i % 2).leaseIpv4("sa-keep-" + i, user(KEEP_USERS.get(i)), "fo4"));
        }
        String erinAgain = survivors.get(1).leaseIpv4("sa-erin-2", "erin@example.org", "fo4");
        Set<String> fresh = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            fresh.add(survivors.get(i % 2).leaseIpv4("sa-new-" + i, "new-" + i + "@example.org", "fo4"));
        }

        assertThat(erin).isEqualTo("198.51.100.7");
        assertThat(kept).containsExactly("198.51.100.1", "198.51.100.3", "198.51.100.5");
        assertThat(erinAgain).isEqualTo("198.51.100.7");
        assertThat(fresh).hasSize(4).doesNotContainAnyElementsOf(kept).doesNotContain("198.51.100.7")
                .doesNotContain(dropAddress(0), dropAddress(1), dropAddress(2));

        // 3 kept, 2 sa-drop of the survivors, erin and 4 new. The host's sa-drop is freed after the grace period.
        awaitLeased(survivors.get(0), 10);
        String reused = survivors.get(0).leaseIpv4("sa-drop-" + hostIndex, user(DROP_USERS.get(hostIndex)), "fo4");
        assertThat(reused).isEqualTo(dropAddress(hostIndex));
    }

    private static String user(int number) {
        return "user-" + number + "@example.org";
    }

    private static String dropAddress(int node) {
        return "198.51.100." + (2 * node + 2);
    }

    private static void awaitLeased(PoolNode node, int leased) {
        node.testKit.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
            assertThat(node.usage("fo4").leased()).isEqualTo(leased);
            return null;
        });
    }

    /** Finds the node whose shard region runs the segment entity {@code entityId}. */
    private PoolNode hostOf(String entityId) {
        for (PoolNode node : nodes) {
            TestProbe<ShardRegion.CurrentShardRegionState> probe =
                    node.testKit.createTestProbe(ShardRegion.CurrentShardRegionState.class);
            ClusterSharding.get(node.testKit.system()).shardState()
                    .tell(new GetShardRegionState(PoolSegment.TYPE_KEY, probe.ref()));
            ShardRegion.CurrentShardRegionState state = probe.expectMessageClass(
                    ShardRegion.CurrentShardRegionState.class, Duration.ofSeconds(5));
            for (ShardRegion.ShardState shard : state.getShards()) {
                if (shard.getEntityIds().contains(entityId)) {
                    return node;
                }
            }
        }
        throw new AssertionError("no node runs segment entity " + entityId);
    }
}
