package org.ikec.cluster.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

/**
 * Random puts and removes against two hash maps, the model of {@link IndexOwners}. Indexes come
 * from a small range and owners from a few names, so slots collide, runs wrap and the arrays grow.
 */
class IndexOwnersPropertyTest {

    private static final int MAX_INDEX = 64;
    private static final int OWNER_NAMES = 12;

    @Property(tries = 300)
    void matchesHashMapModel(@ForAll("operations") List<Tuple3<Boolean, Integer, Integer>> operations) {
        IndexOwners owners = new IndexOwners(true);
        Map<Integer, String> ownerByIndex = new HashMap<>();
        Map<String, Integer> indexByOwner = new HashMap<>();

        for (Tuple3<Boolean, Integer, Integer> operation : operations) {
            int index = operation.get2();
            String owner = "sa-" + operation.get3();
            if (operation.get1()) {
                String previous = ownerByIndex.put(index, owner);
                if (previous != null) {
                    indexByOwner.remove(previous, index);
                }
                indexByOwner.put(owner, index);
                assertThat(owners.put(index, owner)).isEqualTo(previous);
            } else {
                String removed = ownerByIndex.remove(index);
                if (removed != null) {
                    indexByOwner.remove(removed, index);
                }
                assertThat(owners.remove(index)).isEqualTo(removed);
            }

            assertThat(owners.size()).isEqualTo(ownerByIndex.size());
            assertThat(owners.toMap()).isEqualTo(ownerByIndex);
            for (int name = 0; name < OWNER_NAMES; name++) {
                String candidate = "sa-" + name;
                assertThat(owners.indexOf(candidate)).as("index of %s", candidate)
                        .isEqualTo(indexByOwner.getOrDefault(candidate, 0));
            }
        }
    }

    @Provide
    Arbitrary<List<Tuple3<Boolean, Integer, Integer>>> operations() {
        Arbitrary<Tuple3<Boolean, Integer, Integer>> operation = Arbitraries.integers().between(0, 9)
                .flatMap(kind -> Arbitraries.integers().between(1, MAX_INDEX)
                        .flatMap(index -> Arbitraries.integers().between(0, OWNER_NAMES - 1)
                                .map(owner -> Tuple.of(kind < 7, index, owner))));
        return operation.list().ofMinSize(1).ofMaxSize(200);
    }
}
