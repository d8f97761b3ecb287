package org.ikec.cluster.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random sequences of allocate, release and transfer against a model (a map from owner to index).
 * The allocator runs with the default 4096 segments, and each try uses its own stretch of 1,000
 * indexes in segment 0 so tries do not see each other's owners. Five identities prefer only three
 * indexes, so most allocations collide.
 */
class TunnelIdModelPropertyTest {

    private static final int[] PREFERRED_OFFSETS = {0, 0, 1, 1, 4};
    private static final int OWNERS = 8;

    private static final AtomicInteger TRIES = new AtomicInteger();
    private static TunnelIdNode node;

    sealed interface Operation {
    }

    record Allocate(int identity, int owner) implements Operation {
    }

    /** Releases the index of {@code owner} (or the try's first index if it has none) as {@code releasingOwner}. */
    record Release(int owner, int releasingOwner) implements Operation {
    }

    /** Transfers the index of {@code owner} (or the try's first index if it has none) to {@code successor}. */
    record Transfer(int owner, int successor) implements Operation {
    }

    @BeforeContainer
    static void startNode() {
        node = TunnelIdNode.startAlone("TunnelIdModelPropertyTest", "");
    }

    @AfterContainer
    static void stopNode() {
        node.close();
    }

    @Property(tries = 100)
    void liveIndexesStayUniqueAndStable(@ForAll("operations") List<Operation> operations) {
        int base = 1000 * (TRIES.incrementAndGet() + 1);
        String prefix = "try" + base + "-sa-";
        Map<Integer, Integer> model = new HashMap<>();

        for (Operation operation : operations) {
            if (operation instanceof Allocate allocate) {
                int preferred = base + PREFERRED_OFFSETS[allocate.identity()];
                int index = node.allocate(identity(preferred, allocate.identity()), prefix + allocate.owner());

                Integer ownedIndex = model.get(allocate.owner());
                int expected = ownedIndex != null ? ownedIndex : firstFreeFrom(preferred, model);
                assertThat(index).as("index of owner %d after %s", allocate.owner(), operations).isEqualTo(expected);
                model.put(allocate.owner(), index);
            } else if (operation instanceof Release release) {
                int index = model.getOrDefault(release.owner(), base);
                node.tunnelIds.release(index, prefix + release.releasingOwner());

                model.remove(release.releasingOwner(), index);
            } else if (operation instanceof Transfer transfer) {
                int index = model.getOrDefault(transfer.owner(), base);
                node.tunnelIds.transfer(index, prefix + transfer.owner(), prefix + transfer.successor());

                if (model.containsKey(transfer.owner()) && !model.containsKey(transfer.successor())) {
                    model.put(transfer.successor(), model.remove(transfer.owner()));
                }
            }
        }

        for (Map.Entry<Integer, Integer> live : model.entrySet()) {
            int index = node.allocate(identity(base, 0), prefix + live.getKey());
            assertThat(index).as("index of live owner %d after %s", live.getKey(), operations)
                    .isEqualTo(live.getValue());
        }
        assertThat(model.values()).doesNotHaveDuplicates();
    }

    private static TunnelIdentity identity(int preferred, int identity) {
        return new TunnelIdentity(TunnelIdNode.FORCED_PREFIX + preferred, new byte[] {(byte) 203, 0, 113, 9},
                "gw.example.net", "peer" + identity + "@example.org");
    }

    private static int firstFreeFrom(int preferred, Map<Integer, Integer> model) {
        int index = preferred;
        while (model.containsValue(index)) {
            index++;
        }
        return index;
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Integer> identities = Arbitraries.integers().between(0, PREFERRED_OFFSETS.length - 1);
        Arbitrary<Integer> owners = Arbitraries.integers().between(0, OWNERS - 1);
        Arbitrary<Operation> allocate = Combinators.combine(identities, owners).as(Allocate::new);
        Arbitrary<Operation> release = Combinators.combine(owners, owners).as(Release::new);
        Arbitrary<Operation> releaseByOwner = owners.map(owner -> new Release(owner, owner));
        Arbitrary<Operation> transfer = Combinators.combine(owners, owners).as(Transfer::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, allocate),
                        net.jqwik.api.Tuple.of(1, release),
                        net.jqwik.api.Tuple.of(2, releaseByOwner),
                        net.jqwik.api.Tuple.of(2, transfer))
                .list().ofMaxSize(30);
    }
}
