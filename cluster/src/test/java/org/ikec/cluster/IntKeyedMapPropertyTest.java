package org.ikec.cluster;

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
 * Random puts and removes against a HashMap. Keys come from a small range that includes negative
 * numbers, so slots collide, runs wrap and the arrays grow.
 */
class IntKeyedMapPropertyTest {

    @Property(tries = 300)
    void matchesHashMap(@ForAll("operations") List<Tuple3<Boolean, Integer, Integer>> operations) {
        IntKeyedMap<String> map = new IntKeyedMap<>(String[]::new);
        Map<Integer, String> model = new HashMap<>();

        for (Tuple3<Boolean, Integer, Integer> operation : operations) {
            int key = operation.get2();
            if (operation.get1()) {
                String value = "v" + operation.get3();
                assertThat(map.put(key, value)).isEqualTo(model.put(key, value));
            } else {
                assertThat(map.remove(key)).isEqualTo(model.remove(key));
            }

            Map<Integer, String> copy = new HashMap<>();
            map.forEach(copy::put);
            assertThat(copy).isEqualTo(model);
            assertThat(map.size()).isEqualTo(model.size());
            for (int probe = -40; probe <= 40; probe++) {
                assertThat(map.get(probe)).as("value of %d", probe).isEqualTo(model.get(probe));
            }
        }
    }

    @Provide
    Arbitrary<List<Tuple3<Boolean, Integer, Integer>>> operations() {
        Arbitrary<Integer> keys = Arbitraries.integers().between(-40, 40).filter(key -> key != 0);
        Arbitrary<Tuple3<Boolean, Integer, Integer>> operation = Arbitraries.integers().between(0, 9)
                .flatMap(kind -> keys.flatMap(key -> Arbitraries.integers().between(0, 5)
                        .map(value -> Tuple.of(kind < 7, key, value))));
        return operation.list().ofMinSize(1).ofMaxSize(200);
    }
}
