package org.ikec.cluster.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.cluster.pool.PoolNode.address;
import static org.ikec.cluster.pool.PoolNode.ipv4;
import static org.ikec.cluster.pool.PoolNode.pool;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ikec.cluster.AddressClaim;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in one JVM on 127.0.0.1 share pools cut into segments of 16 addresses. Each test
 * uses its own pool. With four segments, alice, dave and erin have their home in segment 0, bob in
 * segment 1 and carol in segment 3. Users 2, 5, 7, 9, 12, 17, 21, 22, 23, 24, 44, 45, 54, 65, 76
 * and 82 also have their home in segment 0.
 */
class ClusterAddressPoolsTest {

    private static final List<Integer> HOME_ZERO_USERS = List.of(2, 5, 7, 9, 12, 17, 21, 22, 23, 24, 44, 45, 54,
            65, 76, 82);

    private static List<PoolNode> nodes;

    @BeforeAll
    static void startCluster() {
        nodes = PoolNode.startCluster(3, "ClusterAddressPoolsTest", "ikec.address-pools.segment-size = 16", List.of(
                pool("rw4", "192.0.2.0", 24),
                pool("sticky4", "198.51.100.0", 26),
                pool("away4", "198.51.100.64", 26),
                pool("idem4", "203.0.113.0", 28),
                pool("req4", "203.0.113.32", 27),
                pool("mixed4", "203.0.113.64", 28),
                pool("rekey4", "198.51.100.128", 26),
                pool("rw6", "2001:db8::", 120),
                pool("claim4", "203.0.113.128", 27),
                pool("taken4", "203.0.113.160", 29),
                pool("reclaim4", "203.0.113.176", 29),
                pool("claim6", "2001:db8:1::", 120)));
    }

    @AfterAll
    static void stopCluster() {
        for (PoolNode node : nodes) {
            node.close();
        }
    }

    @Test
    void exhaustedPoolReportsLeasedCount() {
        Set<String> leased = new HashSet<>();
        for (int i = 0; i < 254; i++) {
            leased.add(nodes.get(i % 3).leaseIpv4("sa-rw4-" + i, "user-" + i + "@example.org", "rw4"));
        }

        String failure = nodes.get(1).leaseIpv4("sa-rw4-late", "late@example.org", "rw4");

        Set<String> all = new HashSet<>();
        for (int host = 1; host <= 254; host++) {
            all.add("192.0.2." + host);
        }
        assertThat(leased).isEqualTo(all);
        assertThat(failure).isEqualTo("pool rw4 has no free address: 254 of 254 leased");
        assertThat(nodes.get(1).usage("rw4")).isEqualTo(new PoolUsage("rw4", 254, 254, 0, 1));
        assertThat(nodes.get(0).usage("rw4")).isEqualTo(new PoolUsage("rw4", 254, 254, 0, 0));
    }

    @Test
    void saIdLeasedAgainKeepsItsAddress() {
        String first = nodes.get(0).leaseIpv4("sa-idem-1", "alice@example.org", "idem4");
        String retried = nodes.get(0).leaseIpv4("sa-idem-1", "alice@example.org", "idem4");
        LeaseAnswer handedOff = nodes.get(1).lease(new LeaseRequest("sa-idem-1", "alice@example.org",
                List.of("idem4"), true, false, List.of(address("203.0.113.9"))));
        String other = nodes.get(2).leaseIpv4("sa-idem-2", "alice@example.org", "idem4");

        assertThat(first).isEqualTo("203.0.113.1");
        assertThat(retried).isEqualTo("203.0.113.1");
        assertThat(handedOff.leases()).containsExactly(new Lease("idem4", address("203.0.113.1")));
        assertThat(other).isEqualTo("203.0.113.2");
        assertThat(nodes.get(2).usage("idem4")).isEqualTo(new PoolUsage("idem4", 14, 2, 12, 0));
    }

    @Test
    void identityGetsItsAddressBackOnAnotherNode() {
        String alice = nodes.get(0).leaseIpv4("sa-alice-1", "alice@example.org", "sticky4");
        String bob = nodes.get(1).leaseIpv4("sa-bob-1", "bob@example.org", "sticky4");
        release(nodes.get(0), "sa-alice-1", "sticky4", alice, 1);
        String erin = nodes.get(2).leaseIpv4("sa-erin-1", "erin@example.org", "sticky4");
        String aliceAgain = nodes.get(2).leaseIpv4("sa-alice-2", "alice@example.org", "sticky4");

        assertThat(alice).isEqualTo("198.51.100.1");
        assertThat(bob).isEqualTo("198.51.100.17");
        assertThat(erin).isEqualTo("198.51.100.2");
        assertThat(aliceAgain).isEqualTo("198.51.100.1");
    }

    @Test
    void stickyAddressInAnotherSegmentComesBack() {
        for (int user : HOME_ZERO_USERS) {
            nodes.get(user % 3).leaseIpv4("sa-away-" + user, "user-" + user + "@example.org", "away4");
        }
        String dave = nodes.get(0).leaseIpv4("sa-dave-1", "dave@example.org", "away4");
        release(nodes.get(0), "sa-dave-1", "away4", dave, 16);
        release(nodes.get(1), "sa-away-2", "away4", "198.51.100.65", 15);
        String daveAgain = nodes.get(1).leaseIpv4("sa-dave-2", "dave@example.org", "away4");
        String daveRetried = nodes.get(2).leaseIpv4("sa-dave-2", "dave@example.org", "away4");
        String next = nodes.get(2).leaseIpv4("sa-away-84", "user-84@example.org", "away4");

        assertThat(dave).isEqualTo("198.51.100.81");
        assertThat(daveAgain).isEqualTo("198.51.100.81");
        assertThat(daveRetried).isEqualTo("198.51.100.81");
        assertThat(next).isEqualTo("198.51.100.65");
        assertThat(nodes.get(0).usage("away4")).isEqualTo(new PoolUsage("away4", 62, 17, 45, 0));
    }

    @Test
    void rekeyMovesAddressToSuccessor() {
        for (int user : HOME_ZERO_USERS) {
            nodes.get(user % 3).leaseIpv4("sa-rekey-" + user, "user-" + user + "@example.org", "rekey4");
        }
        String dave = nodes.get(0).leaseIpv4("sa-dave-old", "dave@example.org", "rekey4");
        nodes.get(0).pools.transfer("sa-dave-old", "sa-dave-new", List.of(new Lease("rekey4", address(dave))));
        nodes.get(0).pools.transfer("sa-rekey-2", "sa-rekey-2b",
                List.of(new Lease("rekey4", address("198.51.100.129"))));

        nodes.get(0).testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            SegmentState home = nodes.get(1).segmentState("rekey4", 0);
            SegmentState away = nodes.get(1).segmentState("rekey4", 1);
            assertThat(home.addresses().get(0).saId()).isEqualTo("sa-rekey-2b");
            assertThat(home.away()).isEqualTo(Map.of("sa-dave-new", 16));
            assertThat(away.addresses().get(16).saId()).isEqualTo("sa-dave-new");
            return null;
        });
        nodes.get(0).pools.release("sa-dave-old", List.of(new Lease("rekey4", address(dave))));
        String daveRetried = nodes.get(2).leaseIpv4("sa-dave-new", "dave@example.org", "rekey4");
        String userRetried = nodes.get(1).leaseIpv4("sa-rekey-2b", "user-2@example.org", "rekey4");

        assertThat(dave).isEqualTo("198.51.100.145");
        assertThat(daveRetried).isEqualTo("198.51.100.145");
        assertThat(userRetried).isEqualTo("198.51.100.129");
        // Asked through the node that sent the release, so the count is taken after the release arrived.
        assertThat(nodes.get(0).usage("rekey4")).isEqualTo(new PoolUsage("rekey4", 62, 17, 45, 0));
    }

    @Test
    void requestedAddressGrantedWhenFree() {
        LeaseRequest erin = new LeaseRequest("sa-erin-5", "erin@example.org", List.of("req4", "rw6"), true, true,
                List.of(address("203.0.113.55")));
        LeaseRequest alice = new LeaseRequest("sa-alice-5", "alice@example.org", List.of("req4"), true, false,
                List.of(address("203.0.113.55")));

        LeaseAnswer erinAnswer = nodes.get(1).lease(erin);
        LeaseAnswer aliceAnswer = nodes.get(2).lease(alice);

        assertThat(erinAnswer).isEqualTo(new LeaseAnswer(List.of(
                new Lease("req4", address("203.0.113.55")), new Lease("rw6", address("2001:db8::81"))), null));
        assertThat(aliceAnswer).isEqualTo(new LeaseAnswer(List.of(new Lease("req4", address("203.0.113.33"))), null));
    }

    @Test
    void missingFamilyNamedInFailure() {
        LeaseRequest request = new LeaseRequest("sa-mixed-1", "carol@example.org", List.of("mixed4", "unknown"),
                true, true, List.of());

        LeaseAnswer answer = nodes.get(0).lease(request);

        assertThat(answer).isEqualTo(new LeaseAnswer(List.of(new Lease("mixed4", address("203.0.113.65"))),
                "no configured IPv6 pool among [mixed4, unknown]"));
    }

    @Test
    void claimLeasesExactlyThatAddress() {
        AddressClaim first = nodes.get(0).claim("sa-claim-1", "alice@example.org", "203.0.113.150");
        AddressClaim again = nodes.get(1).claim("sa-claim-1", "alice@example.org", "203.0.113.150");
        AddressClaim other = nodes.get(2).claim("sa-claim-2", "bob@example.org", "203.0.113.150");

        Lease lease = new Lease("claim4", address("203.0.113.150"));
        assertThat(first).isEqualTo(new AddressClaim.Leased(lease));
        assertThat(again).isEqualTo(new AddressClaim.Leased(lease));
        assertThat(other).isEqualTo(new AddressClaim.HeldByOther(lease, "sa-claim-1", "alice@example.org"));
        assertThat(nodes.get(2).usage("claim4")).isEqualTo(new PoolUsage("claim4", 30, 1, 29, 0));
        // Offset 21 of the pool lies in segment 1. The repeated claim recorded node 2 as the holder.
        AddressRecord record = nodes.get(0).segmentState("claim4", 1).addresses().get(21);
        assertThat(record.saId()).isEqualTo("sa-claim-1");
        assertThat(record.identity()).isEqualTo("alice@example.org");
        assertThat(record.node()).isEqualTo(nodes.get(1).nodeName());
    }

    @Test
    void claimedAddressNeverLeasedToOthers() {
        AddressClaim claimed = nodes.get(1).claim("sa-taken-0", "carol@example.org", "203.0.113.163");
        Set<String> leased = new HashSet<>();
        for (int i = 1; i <= 5; i++) {
            leased.add(nodes.get(i % 3).leaseIpv4("sa-taken-" + i, "user-" + i + "@example.org", "taken4"));
        }
        String late = nodes.get(0).leaseIpv4("sa-taken-6", "user-6@example.org", "taken4");

        assertThat(claimed).isEqualTo(new AddressClaim.Leased(new Lease("taken4", address("203.0.113.163"))));
        assertThat(leased).containsExactlyInAnyOrder("203.0.113.161", "203.0.113.162", "203.0.113.164",
                "203.0.113.165", "203.0.113.166");
        assertThat(late).isEqualTo("pool taken4 has no free address: 6 of 6 leased");
    }

    @Test
    void releasedClaimCanBeClaimedByOther() {
        AddressClaim first = nodes.get(0).claim("sa-reclaim-1", "dave@example.org", "203.0.113.179");
        release(nodes.get(0), "sa-reclaim-1", "reclaim4", "203.0.113.179", 0);
        AddressClaim other = nodes.get(1).claim("sa-reclaim-2", "erin@example.org", "203.0.113.179");

        Lease lease = new Lease("reclaim4", address("203.0.113.179"));
        assertThat(first).isEqualTo(new AddressClaim.Leased(lease));
        assertThat(other).isEqualTo(new AddressClaim.Leased(lease));
        assertThat(nodes.get(2).usage("reclaim4").leased()).isEqualTo(1);
    }

    @Test
    void claimOfIpv6AddressInPool() {
        AddressClaim claimed = nodes.get(2).claim("sa-claim6-1", "carol@example.org", "2001:db8:1::5");

        assertThat(claimed).isEqualTo(new AddressClaim.Leased(new Lease("claim6", address("2001:db8:1::5"))));
        assertThat(nodes.get(0).usage("claim6").leased()).isEqualTo(1);
    }

    @Test
    void claimOutsidePoolsIsNotRecorded() {
        List<String> outside = List.of("10.9.0.1", "203.0.113.128", "203.0.113.159", "2001:db8:2::1");

        for (String literal : outside) {
            assertThat(nodes.get(0).claim("sa-outside-1", "frank@example.org", literal))
                    .as("claim of %s", literal).isEqualTo(new AddressClaim.OutsidePools(address(literal)));
        }
    }

    /** Releases {@code leased} and waits until the pool counts {@code remaining} leases. */
    private static void release(PoolNode node, String saId, String pool, String leased, int remaining) {
        node.pools.release(saId, List.of(new Lease(pool, address(leased))));
        node.testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertThat(node.usage(pool).leased()).isEqualTo(remaining);
            return null;
        });
    }
}
