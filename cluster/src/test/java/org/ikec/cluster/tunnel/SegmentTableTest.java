package org.ikec.cluster.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** Segment 2 of a space with 2^28 segments covers the indexes 16..23. */
class SegmentTableTest {

    private final SegmentTable table = new SegmentTable(new IndexSpace(28), 2);

    @Test
    void freePreferredIndexIsTaken() {
        assertThat(table.firstFreeFrom(19)).isEqualTo(OptionalInt.of(19));
    }

    @Test
    void heldIndexProbesToNextFree() {
        table.put(19, "sa-1");
        table.put(20, "sa-2");

        assertThat(table.firstFreeFrom(19)).isEqualTo(OptionalInt.of(21));
    }

    @Test
    void probeWrapsInsideSegment() {
        table.put(22, "sa-1");
        table.put(23, "sa-2");

        assertThat(table.firstFreeFrom(22)).isEqualTo(OptionalInt.of(16));
    }

    @Test
    void fullSegmentHasNoFreeIndex() {
        for (int index = 16; index <= 23; index++) {
            table.put(index, "sa-" + index);
        }

        assertThat(table.isFull()).isTrue();
        assertThat(table.firstFreeFrom(18)).isEmpty();
    }

    @Test
    void putReplacesPreviousOwner() {
        table.put(17, "sa-old");
        table.put(17, "sa-new");

        assertThat(table.ownerOf(17)).isEqualTo("sa-new");
        assertThat(table.indexOf("sa-new")).isEqualTo(OptionalInt.of(17));
        assertThat(table.indexOf("sa-old")).isEmpty();
    }

    @Test
    void removeFreesIndexAndOwner() {
        table.put(17, "sa-1");

        table.remove(17);

        assertThat(table.ownerOf(17)).isNull();
        assertThat(table.indexOf("sa-1")).isEmpty();
        assertThat(table.size()).isZero();
    }
}
