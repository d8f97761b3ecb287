package org.ikec.cluster.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.cluster.pool.PoolNode.pool;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A node that starts with a changed pool applies it to the segments that the cluster already runs. */
class PoolStartTest {

    private static final String SETTINGS = "ikec.address-pools.segment-size = 4";

    @Test
    void startedNodeGrowsRunningPool() {
        PoolNode first = PoolNode.startCluster(1, "PoolStartTest", SETTINGS,
                List.of(pool("late4", "198.51.100.0", 29))).get(0);
        PoolNode second = null;
        try {
            Set<String> leased = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                leased.add(first.leaseIpv4("sa-late-" + i, "late-" + i + "@example.org", "late4"));
            }
            String full = first.leaseIpv4("sa-late-full", "late-full@example.org", "late4");

            second = PoolNode.joinThenStart(first, "PoolStartTest", SETTINGS,
                    List.of(pool("late4", "198.51.100.0", 28)), 2);
            PoolNode started = second;
            started.testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
                assertThat(started.segmentState("late4", 3).extent()).isEqualTo(new PoolExtent("198.51.100.1", 14));
                return null;
            });
            for (int i = 6; i < 14; i++) {
                // The first node still configures 6 addresses; the segments lease by the started node's 14.
                leased.add(first.leaseIpv4("sa-late-" + i, "late-" + i + "@example.org", "late4"));
            }

            Set<String> all = new HashSet<>();
            for (int host = 1; host <= 14; host++) {
                all.add("198.51.100." + host);
            }
            assertThat(full).isEqualTo("pool late4 has no free address: 6 of 6 leased");
            assertThat(leased).isEqualTo(all);
            assertThat(second.usage("late4").leased()).isEqualTo(14);
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }
}
