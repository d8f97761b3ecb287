package org.ikec.cluster.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ikec.cluster.pool.PoolNode.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.ikec.cluster.AddressClaim;
import org.ikec.protocol.vip.Lease;

/**
 * Random sequences of lease and release, sent through three nodes in one JVM, against a model
 * (a map from IKE SA to address). The pool 203.0.113.0/29 has six addresses in three segments of
 * two, so requests often pass full segments and the pool often runs out. Eight IKE SAs share four
 * identities, so sticky addresses compete with each other. The pool 203.0.113.16/29, cut the same
 * way, also takes claims of given addresses, as for addresses that a RADIUS server assigned.
 */
class PoolLeasePropertyTest {

    private static final int SIZE = 6;
    private static final int SAS = 8;
    private static final Set<String> POOL_ADDRESSES = Set.of("203.0.113.1", "203.0.113.2", "203.0.113.3",
            "203.0.113.4", "203.0.113.5", "203.0.113.6");

    private static final AtomicInteger TRIES = new AtomicInteger();
    private static List<PoolNode> nodes;

    /** Leases for IKE SA {@code sa} through node {@code node}; {@code lease} false releases instead. */
    record Operation(boolean lease, int node, int sa) {
    }

    enum Kind {
        LEASE,
        CLAIM,
        RELEASE
    }

    /** A lease, release or claim for IKE SA {@code sa} through node {@code node}. A claim takes {@code MIX_ADDRESSES[address]}. */
    record MixedOperation(Kind kind, int node, int sa, int address) {
    }

    private static final List<String> MIX_ADDRESSES = List.of("203.0.113.17", "203.0.113.18", "203.0.113.19",
            "203.0.113.20", "203.0.113.21", "203.0.113.22");

    @BeforeContainer
    static void startCluster() {
        nodes = PoolNode.startCluster(3, "PoolLeasePropertyTest", "ikec.address-pools.segment-size = 2",
                List.of(pool("prop4", "203.0.113.0", 29), pool("mix4", "203.0.113.16", 29)));
    }

    @AfterContainer
    static void stopCluster() {
        for (PoolNode node : nodes) {
            node.close();
        }
    }

    @Property(tries = 25)
    void leasedAddressesNeverCollide(@ForAll("operations") List<Operation> operations) {
        String prefix = "try" + TRIES.incrementAndGet() + "-sa-";
        Map<Integer, String> model = new HashMap<>();

        for (Operation operation : operations) {
            PoolNode node = nodes.get(operation.node());
            String saId = prefix + operation.sa();
            if (operation.lease()) {
                String result = node.leaseIpv4(saId, "id-" + operation.sa() % 4 + "@example.org", "prop4");
                checkLease(model, operation.sa(), result);
            } else {
                release(node, saId, model, operation.sa());
            }
        }

        assertThat(nodes.get(0).usage("prop4").leased()).isEqualTo(model.size());
        for (Map.Entry<Integer, String> held : model.entrySet()) {
            nodes.get(held.getKey() % 3).pools.release(prefix + held.getKey(),
                    List.of(new Lease("prop4", PoolNode.address(held.getValue()))));
        }
        awaitLeased(0);
    }

    /**
     * Claims never take an address that another IKE SA holds, leases never hand out a claimed
     * address, and a refused claim names the holder. An IKE SA whose address came from a claim
     * is not leased again, because a lease does not look for claimed addresses.
     */
    @Property(tries = 25)
    void claimsAndLeasesNeverCollide(@ForAll("mixedOperations") List<MixedOperation> operations) {
        String prefix = "mix" + TRIES.incrementAndGet() + "-sa-";
        Map<Integer, String> model = new HashMap<>();
        Set<Integer> claimed = new HashSet<>();

        for (MixedOperation operation : operations) {
            PoolNode node = nodes.get(operation.node());
            int sa = operation.sa();
            String saId = prefix + sa;
            if (operation.kind() == Kind.LEASE && !claimed.contains(sa)) {
                checkLease(model, sa, node.leaseIpv4(saId, identity(sa), "mix4"), "mix4", MIX_ADDRESSES);
            } else if (operation.kind() == Kind.CLAIM) {
                claim(node, prefix, model, claimed, sa, MIX_ADDRESSES.get(operation.address()));
            } else if (operation.kind() == Kind.RELEASE) {
                claimed.remove(sa);
                release(node, saId, model, sa, "mix4", MIX_ADDRESSES.get(0));
            }
        }

        assertThat(nodes.get(0).usage("mix4").leased()).isEqualTo(model.size());
        for (Map.Entry<Integer, String> held : model.entrySet()) {
            nodes.get(held.getKey() % 3).pools.release(prefix + held.getKey(),
                    List.of(new Lease("mix4", PoolNode.address(held.getValue()))));
        }
        awaitLeased("mix4", 0);
    }

    private static String identity(int sa) {
        return "id-" + sa % 4 + "@example.org";
    }

    /** Claims {@code address} for {@code sa} unless the SA holds another address, and checks the outcome. */
    private static void claim(PoolNode node, String prefix, Map<Integer, String> model, Set<Integer> claimed, int sa,
                              String address) {
        Integer holder = model.entrySet().stream().filter(entry -> entry.getValue().equals(address))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (holder == null && model.containsKey(sa)) {
            return;
        }

        AddressClaim result = node.claim(prefix + sa, identity(sa), address);

        Lease lease = new Lease("mix4", PoolNode.address(address));
        if (holder != null && holder != sa) {
            assertThat(result).as("claim of %s by SA %d", address, sa)
                    .isEqualTo(new AddressClaim.HeldByOther(lease, prefix + holder, identity(holder)));
            return;
        }
        assertThat(result).as("claim of %s by SA %d", address, sa).isEqualTo(new AddressClaim.Leased(lease));
        if (holder == null) {
            model.put(sa, address);
            claimed.add(sa);
        }
    }

    private static void checkLease(Map<Integer, String> model, int sa, String result) {
        checkLease(model, sa, result, "prop4", List.copyOf(POOL_ADDRESSES));
    }

    private static void checkLease(Map<Integer, String> model, int sa, String result, String pool,
                                   List<String> addresses) {
        String held = model.get(sa);
        if (held != null) {
            assertThat(result).as("repeated lease of SA %d", sa).isEqualTo(held);
        } else if (model.size() == SIZE) {
            assertThat(result).isEqualTo("pool " + pool + " has no free address: 6 of 6 leased");
        } else {
            assertThat(result).as("new lease of SA %d", sa).isIn(addresses);
            assertThat(new HashSet<>(model.values())).as("addresses held before SA %d leased", sa)
                    .doesNotContain(result);
            model.put(sa, result);
        }
    }

    /**
     * Releases the SA's address. When the SA has none, releases another SA's address in the name
     * of an IKE SA that ended, which the pool must ignore. Waits until the pool counts the model's leases.
     *
     * <p>No reply confirms an ignored release, so one sent under the SA's own id could reach the
     * segment after that SA's next lease and free it, which the model does not expect.
     */
    private static void release(PoolNode node, String saId, Map<Integer, String> model, int sa) {
        release(node, saId, model, sa, "prop4", "203.0.113.1");
    }

    private static void release(PoolNode node, String saId, Map<Integer, String> model, int sa, String pool,
                                String fallback) {
        String address = model.remove(sa);
        String releasingSaId = saId;
        if (address == null) {
            address = model.values().stream().findFirst().orElse(fallback);
            releasingSaId = saId + "-ended";
        }

        node.pools.release(releasingSaId, List.of(new Lease(pool, PoolNode.address(address))));
        awaitLeased(pool, model.size());
    }

    private static void awaitLeased(int leased) {
        awaitLeased("prop4", leased);
    }

    private static void awaitLeased(String pool, int leased) {
        nodes.get(0).testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
            assertThat(nodes.get(0).usage(pool).leased()).isEqualTo(leased);
            return null;
        });
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Operation> operation = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(true)),
                        Tuple.of(1, Arbitraries.just(false))),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, SAS - 1)).as(Operation::new);
        return operation.list().ofMinSize(1).ofMaxSize(25);
    }

    @Provide
    Arbitrary<List<MixedOperation>> mixedOperations() {
        Arbitrary<MixedOperation> operation = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.just(Kind.LEASE)),
                        Tuple.of(2, Arbitraries.just(Kind.CLAIM)),
                        Tuple.of(1, Arbitraries.just(Kind.RELEASE))),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, SAS - 1),
                Arbitraries.integers().between(0, MIX_ADDRESSES.size() - 1)).as(MixedOperation::new);
        return operation.list().ofMinSize(1).ofMaxSize(25);
    }
}
