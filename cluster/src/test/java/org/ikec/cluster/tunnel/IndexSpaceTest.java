package org.ikec.cluster.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IndexSpaceTest {

    private final IndexSpace space = new IndexSpace(12);

    @Test
    void defaultSpaceHas4096Segments() {
        assertThat(space.segmentCount()).isEqualTo(4096);
    }

    @Test
    void segmentZeroSkipsIndexZero() {
        assertThat(space.firstIndex(0)).isEqualTo(1);
        assertThat(space.lastIndex(0)).isEqualTo(524_287);
        assertThat(space.segmentOf(1)).isEqualTo(0);
        assertThat(space.segmentOf(524_287)).isEqualTo(0);
    }

    @Test
    void lastSegmentEndsAtMaxIndex() {
        assertThat(space.firstIndex(4095)).isEqualTo(2_146_959_360);
        assertThat(space.lastIndex(4095)).isEqualTo(Integer.MAX_VALUE);
        assertThat(space.segmentOf(Integer.MAX_VALUE)).isEqualTo(4095);
    }

    @Test
    void nextSegmentWrapsToZero() {
        assertThat(space.nextSegment(7)).isEqualTo(8);
        assertThat(space.nextSegment(4095)).isEqualTo(0);
    }

    @Test
    void segmentOfRejectsZero() {
        assertThatThrownBy(() -> space.segmentOf(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tunnel index 0 is out of range 1..2147483647");
    }

    @Test
    void segmentBitsOutOfRangeRejected() {
        assertThatThrownBy(() -> new IndexSpace(31))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segmentBits is 31, expected 1..30");
    }
}
