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
import org.ikec.protocol.vip.Lease;

/**
 * Random sequences of lease and release, sent through three nodes in one JVM, against a model
 * (a map from IKE SA to address). The pool 203.0.113.0/29 has six addresses in three segments of
 * two, so requests often pass full segments and the pool often runs out. Eight IKE SAs share four
 * identities, so sticky addresses compete with each other.
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

    @BeforeContainer
    static void startCluster() {
        nodes = PoolNode.startCluster(3, "PoolLeasePropertyTest", "ikec.address-pools.segment-size = 2",
                List.of(pool("prop4", "203.0.113.0", 29)));
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

    private static void checkLease(Map<Integer, String> model, int sa, String result) {
        String held = model.get(sa);
        if (held != null) {
            assertThat(result).as("repeated lease of SA %d", sa).isEqualTo(held);
        } else if (model.size() == SIZE) {
            assertThat(result).isEqualTo("pool prop4 has no free address: 6 of 6 leased");
        } else {
            assertThat(result).as("new lease of SA %d", sa).isIn(POOL_ADDRESSES);
            assertThat(new HashSet<>(model.values())).as("addresses held before SA %d leased", sa)
                    .doesNotContain(result);
            model.put(sa, result);
        }
    }

    /**
     * Releases the SA's address, or, when it holds none, tries to release another SA's address
     * in its name, which the pool must ignore. Waits until the pool counts the model's leases.
     */
    private static void release(PoolNode node, String saId, Map<Integer, String> model, int sa) {
        String address = model.remove(sa);
        if (address == null) {
            address = model.values().stream().findFirst().orElse("203.0.113.1");
        }

        node.pools.release(saId, List.of(new Lease("prop4", PoolNode.address(address))));
        awaitLeased(model.size());
    }

    private static void awaitLeased(int leased) {
        nodes.get(0).testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
            assertThat(nodes.get(0).usage("prop4").leased()).isEqualTo(leased);
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
}
