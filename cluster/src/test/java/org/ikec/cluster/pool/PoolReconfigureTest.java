package org.ikec.cluster.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.cluster.pool.PoolNode.address;
import static org.ikec.cluster.pool.PoolNode.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one JVM change their pools at run time, one node after the other as a cluster
 * reload does, with segments of 4 addresses. Each test changes its own pool.
 */
class PoolReconfigureTest {

    private static final List<AddressPoolConfig> INITIAL = List.of(
            pool("grow4", "198.51.100.0", 29),
            pool("shrink4", "203.0.113.0", 28),
            pool("gone4", "203.0.113.16", 29),
            pool("moved4", "203.0.113.32", 29),
            pool("both4", "203.0.113.64", 27));

    private static List<PoolNode> nodes;
    private static final Map<PoolNode, List<AddressPoolConfig>> configured = new ConcurrentHashMap<>();

    @BeforeAll
    static void startCluster() {
        nodes = PoolNode.startCluster(2, "PoolReconfigureTest", "ikec.address-pools.segment-size = 4", INITIAL);
        for (PoolNode node : nodes) {
            configured.put(node, INITIAL);
        }
    }

    @AfterAll
    static void stopCluster() {
        for (PoolNode node : nodes) {
            node.close();
        }
    }

    @Test
    void grownPoolLeasesNewAddressesWhileNodesDiffer() {
        Set<String> leased = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            leased.add(nodes.get(i % 2).leaseIpv4("sa-grow-" + i, "grow-" + i + "@example.org", "grow4"));
        }
        String full = nodes.get(0).leaseIpv4("sa-grow-full", "grow-full@example.org", "grow4");

        PoolChanges grown = reconfigure(nodes.get(0), pool("grow4", "198.51.100.0", 28));
        for (int i = 6; i < 14; i++) {
            // Node 1 still runs the old definition; the segments lease by the new one.
            leased.add(nodes.get(1).leaseIpv4("sa-grow-" + i, "grow-" + i + "@example.org", "grow4"));
        }
        PoolChanges grownToo = reconfigure(nodes.get(1), pool("grow4", "198.51.100.0", 28));

        Set<String> all = new HashSet<>();
        for (int host = 1; host <= 14; host++) {
            all.add("198.51.100." + host);
        }
        assertThat(full).isEqualTo("pool grow4 has no free address: 6 of 6 leased");
        assertThat(grown.rejected()).isEmpty();
        assertThat(grownToo.rejected()).isEmpty();
        assertThat(leased).isEqualTo(all);
        assertThat(nodes.get(1).usage("grow4").size()).isEqualTo(14);
        assertThat(nodes.get(1).usage("grow4").leased()).isEqualTo(14);
        assertThat(nodes.get(0).segmentState("grow4", 3).extent()).isEqualTo(new PoolExtent("198.51.100.1", 14));
    }

    @Test
    void shrinkRejectedUntilLeaseReleased() {
        LeaseAnswer high = nodes.get(1).lease(requesting("sa-shrink-1", "shrink4", "203.0.113.12"));

        PoolChanges rejected = reconfigure(nodes.get(0), pool("shrink4", "203.0.113.0", 29));
        LeaseAnswer stillLarge = nodes.get(0).lease(requesting("sa-shrink-2", "shrink4", "203.0.113.13"));

        assertThat(high.leases()).containsExactly(new Lease("shrink4", address("203.0.113.12")));
        assertThat(rejected.rejected()).containsExactly(Map.entry("shrink4", "pool shrink4 not changed from "
                + "203.0.113.0/28 to 203.0.113.0/29: 1 leased address is outside the new range; reload again once "
                + "it is released"));
        assertThat(stillLarge.leases()).containsExactly(new Lease("shrink4", address("203.0.113.13")));
        for (int segment = 0; segment < 4; segment++) {
            assertThat(nodes.get(1).segmentState("shrink4", segment).extent())
                    .isEqualTo(new PoolExtent("203.0.113.1", 14));
        }
        assertThat(nodes.get(0).usage("shrink4").size()).isEqualTo(14);

        release(nodes.get(1), "sa-shrink-1", "shrink4", "203.0.113.12", 1);
        release(nodes.get(0), "sa-shrink-2", "shrink4", "203.0.113.13", 0);
        PoolChanges applied = reconfigure(nodes.get(0), pool("shrink4", "203.0.113.0", 29));
        reconfigure(nodes.get(1), pool("shrink4", "203.0.113.0", 29));
        String small = nodes.get(1).lease(requesting("sa-shrink-3", "shrink4", "203.0.113.12"))
                .leases().get(0).address().getHostAddress();

        assertThat(applied.rejected()).isEmpty();
        assertThat(nodes.get(0).usage("shrink4").size()).isEqualTo(6);
        assertThat(nodes.get(1).segmentState("shrink4", 3).extent()).isEqualTo(new PoolExtent("203.0.113.1", 6));
        assertThat(small).isIn("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5",
                "203.0.113.6");
    }

    @Test
    void removedPoolLeasesNothingOnLaggingNode() {
        String held = nodes.get(0).leaseIpv4("sa-gone-1", "gone@example.org", "gone4");

        PoolChanges rejected = reconfigure(nodes.get(0), removal("gone4"));
        release(nodes.get(0), "sa-gone-1", "gone4", held, 0);
        PoolChanges applied = reconfigure(nodes.get(0), removal("gone4"));
        String onLagging = nodes.get(1).leaseIpv4("sa-gone-2", "gone2@example.org", "gone4");
        String onReloaded = nodes.get(0).leaseIpv4("sa-gone-3", "gone3@example.org", "gone4");

        assertThat(rejected.rejected()).containsExactly(Map.entry("gone4", "pool gone4 (203.0.113.16/29) not removed: "
                + "1 address is still leased; reload again once it is released"));
        assertThat(applied.rejected()).isEmpty();
        assertThat(onLagging).isEqualTo("pool gone4 has no free address: 0 of 0 leased");
        assertThat(onReloaded).isEqualTo("no configured IPv4 pool among [gone4]");
    }

    @Test
    void renumberedPoolRejectsOldNumbering() {
        String held = nodes.get(1).leaseIpv4("sa-moved-1", "moved@example.org", "moved4");

        PoolChanges rejected = reconfigure(nodes.get(0), pool("moved4", "203.0.113.48", 29));
        release(nodes.get(1), "sa-moved-1", "moved4", held, 0);
        PoolChanges applied = reconfigure(nodes.get(0), pool("moved4", "203.0.113.48", 29));
        String onLagging = nodes.get(1).leaseIpv4("sa-moved-2", "moved2@example.org", "moved4");
        String onReloaded = nodes.get(0).leaseIpv4("sa-moved-3", "moved3@example.org", "moved4");

        assertThat(rejected.rejected()).containsExactly(Map.entry("moved4", "pool moved4 not changed from "
                + "203.0.113.32/29 to 203.0.113.48/29: the new range starts at another address, so the pool must be "
                + "empty first, but 1 address is still leased; reload again once it is released"));
        assertThat(applied.rejected()).isEmpty();
        assertThat(onLagging).isEqualTo("pool moved4 starts at 203.0.113.49 in the cluster but at 203.0.113.33 on "
                + "this node; give every node the same pools and reload");
        assertThat(onReloaded).startsWith("203.0.113.");
        assertThat(Integer.parseInt(onReloaded.substring("203.0.113.".length()))).isBetween(49, 54);
    }

    @Test
    void concurrentRejectedShrinkRestoresEverySegment() {
        LeaseAnswer high = nodes.get(0).lease(requesting("sa-both-1", "both4", "203.0.113.93"));

        CompletableFuture<PoolChanges> first = reconfigureAsync(nodes.get(0), pool("both4", "203.0.113.64", 28));
        CompletableFuture<PoolChanges> second = reconfigureAsync(nodes.get(1), pool("both4", "203.0.113.64", 28));
        String reason = "pool both4 not changed from 203.0.113.64/27 to 203.0.113.64/28: 1 leased address is "
                + "outside the new range; reload again once it is released";

        assertThat(high.leases()).containsExactly(new Lease("both4", address("203.0.113.93")));
        assertThat(first.join().rejected()).containsExactly(Map.entry("both4", reason));
        assertThat(second.join().rejected()).containsExactly(Map.entry("both4", reason));
        for (int segment = 0; segment < 8; segment++) {
            assertThat(nodes.get(1).segmentState("both4", segment).extent()).as("segment %d", segment)
                    .isEqualTo(new PoolExtent("203.0.113.65", 30));
        }
    }

    private static LeaseRequest requesting(String saId, String pool, String address) {
        return new LeaseRequest(saId, saId + "@example.org", List.of(pool), true, false, List.of(address(address)));
    }

    /** Returns a marker that makes {@link #reconfigure} remove the pool {@code name}. */
    private static AddressPoolConfig removal(String name) {
        return new AddressPoolConfig(name, null, -1, List.of());
    }

    /** Replaces or removes one pool in {@code node}'s configuration and applies it there. */
    private static PoolChanges reconfigure(PoolNode node, AddressPoolConfig changed) {
        return reconfigureAsync(node, changed).join();
    }

    private static CompletableFuture<PoolChanges> reconfigureAsync(PoolNode node, AddressPoolConfig changed) {
        List<AddressPoolConfig> next = new ArrayList<>();
        for (AddressPoolConfig config : configured.get(node)) {
            if (!config.name().equals(changed.name())) {
                next.add(config);
            } else if (changed.network() != null) {
                next.add(changed);
            }
        }

        // As a node does, keep the running definition of each pool whose change was rejected.
        List<AddressPoolConfig> running = configured.get(node);
        return node.pools.reconfigure(next).toCompletableFuture().thenApply(changes -> {
            List<AddressPoolConfig> kept = new ArrayList<>();
            for (AddressPoolConfig config : running) {
                if (changes.rejectedPools().contains(config.name())) {
                    kept.add(config);
                } else {
                    next.stream().filter(pool -> pool.name().equals(config.name())).findFirst().ifPresent(kept::add);
                }
            }
            configured.put(node, kept);
            return changes;
        });
    }

    private static void release(PoolNode node, String saId, String pool, String leased, int remaining) {
        node.pools.release(saId, List.of(new Lease(pool, address(leased))));
        node.testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertThat(node.usage(pool).leased()).isEqualTo(remaining);
            return null;
        });
    }
}
