package org.ikec.protocol.ike;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.ikec.protocol.wire.TrafficSelector;

/**
 * One shared instance for immutable values that many IKE SAs hold equal copies of: suites,
 * proposals, proposal texts and our side's traffic selectors. Each IKE SA then keeps a reference
 * instead of a copy of its own. Thread-safe, because every entity of a node shares the table.
 *
 * <p>NOTE: the table stops growing at {@link #MAX_VALUES} values and is never cleared, so after a
 * long run with many distinct values (for example many reloaded configurations) new values are
 * kept per IKE SA again. A table that drops values no IKE SA uses any more would fix that.
 */
final class SharedValues {

    static final int MAX_VALUES = 4096;

    private static final ConcurrentMap<Object, Object> VALUES = new ConcurrentHashMap<>();

    private SharedValues() {
    }

    /** Returns the shared instance equal to {@code value}, or {@code value} itself once the table is full. */
    @SuppressWarnings("unchecked")
    static <T> T share(T value) {
        if (value == null) {
            return null;
        }
        Object shared = VALUES.get(value);
        if (shared != null) {
            return (T) shared;
        }
        if (VALUES.size() >= MAX_VALUES) {
            return value;
        }
        shared = VALUES.putIfAbsent(value, value);
        return shared == null ? value : (T) shared;
    }

    /**
     * Returns the shared instance of a list of traffic selectors that contains an address range,
     * such as our side's 0.0.0.0/0. A list of single addresses, such as a peer's dynamic address,
     * is kept as it is, because it is rarely the same for two IKE SAs.
     */
    static List<TrafficSelector> shareSelectors(List<TrafficSelector> selectors) {
        boolean range = selectors.stream()
                .anyMatch(selector -> !Arrays.equals(selector.startAddress(), selector.endAddress()));
        return range ? share(List.copyOf(selectors)) : List.copyOf(selectors);
    }
}
