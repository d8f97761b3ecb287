package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IntKeyedMapTest {

    @Test
    void putOfKeyZeroRejected() {
        IntKeyedMap<String> map = new IntKeyedMap<>(String[]::new);
        map.put(7, "seven");
        map.put(-3, "minus three");

        assertThatThrownBy(() -> map.put(0, "zero"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key 0 marks a free slot and cannot be stored");

        Map<Integer, String> contents = new HashMap<>();
        map.forEach(contents::put);
        assertThat(contents).isEqualTo(Map.of(7, "seven", -3, "minus three"));
        assertThat(map.size()).isEqualTo(2);
        assertThat(map.get(0)).isNull();
    }
}
