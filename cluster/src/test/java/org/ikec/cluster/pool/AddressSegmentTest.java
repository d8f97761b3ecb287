package org.ikec.cluster.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AddressSegmentTest {

    private static final String NODE_A = "pekko://ikec@127.0.0.1:2551#1";
    private static final String NODE_B = "pekko://ikec@127.0.0.1:2552#2";

    @Test
    void unusedAddressesComeBeforeReleasedOnes() {
        AddressSegment segment = new AddressSegment(8, 4, null, SegmentState.EMPTY);

        segment.lease(8, "sa-1", "alice", NODE_A);
        segment.lease(9, "sa-2", "bob", NODE_A);
        segment.release(9, "sa-2");
        segment.release(8, "sa-1");

        assertThat(segment.nextFree()).isEqualTo(OptionalInt.of(10));
        segment.lease(10, "sa-3", "carol", NODE_A);
        segment.lease(11, "sa-4", "dave", NODE_A);
        assertThat(segment.nextFree()).isEqualTo(OptionalInt.of(9));
        segment.lease(9, "sa-5", "erin", NODE_A);
        assertThat(segment.nextFree()).isEqualTo(OptionalInt.of(8));
        segment.lease(8, "sa-6", "frank", NODE_A);
        assertThat(segment.nextFree()).isEqualTo(OptionalInt.empty());
    }

    @Test
    void releaseByOtherSaIgnored() {
        AddressSegment segment = new AddressSegment(0, 2, null, SegmentState.EMPTY);
        segment.lease(1, "sa-1", "alice", NODE_A);

        boolean released = segment.release(1, "sa-2");

        assertThat(released).isFalse();
        assertThat(segment.heldBy("sa-1")).isEqualTo(OptionalInt.of(1));
        assertThat(segment.leasedCount()).isEqualTo(1);
    }

    @Test
    void transferMovesOnlyHeldAddress() {
        AddressSegment segment = new AddressSegment(0, 2, null, SegmentState.EMPTY);
        segment.lease(0, "sa-1", "alice", NODE_A);

        boolean moved = segment.transfer(0, "sa-1", "sa-2");
        boolean movedAgain = segment.transfer(0, "sa-1", "sa-3");

        assertThat(moved).isTrue();
        assertThat(movedAgain).isFalse();
        assertThat(segment.recordAt(0)).isEqualTo(new AddressRecord("sa-2", "alice", NODE_A, 0));
        assertThat(segment.heldBy("sa-1")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void stickyAddressBelongsToLastIdentity() {
        AddressSegment segment = new AddressSegment(0, 2, null, SegmentState.EMPTY);

        segment.recordSticky("alice", 1);
        segment.recordSticky("bob", 1);

        assertThat(segment.stickyOf("alice")).isEqualTo(OptionalInt.empty());
        assertThat(segment.stickyOf("bob")).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void oldestStickyAddressDroppedBeyondBound() {
        AddressSegment segment = new AddressSegment(0, 2, null, SegmentState.EMPTY);

        for (int user = 0; user < 5; user++) {
            segment.recordSticky("user-" + user, 10 + user);
        }

        assertThat(segment.snapshot().sticky()).isEqualTo(Map.of(
                "user-1", new StickyAddress(11, 2),
                "user-2", new StickyAddress(12, 3),
                "user-3", new StickyAddress(13, 4),
                "user-4", new StickyAddress(14, 5)));
    }

    @Test
    void snapshotRestoresState() {
        AddressSegment segment = new AddressSegment(0, 4, null, SegmentState.EMPTY);
        segment.lease(0, "sa-1", "alice", NODE_A);
        segment.lease(1, "sa-2", "bob", NODE_B);
        segment.release(0, "sa-1");
        segment.recordSticky("alice", 0);
        segment.recordAway("sa-9", 40);

        AddressSegment restored = new AddressSegment(0, 4, null, segment.snapshot());

        assertThat(restored.snapshot()).isEqualTo(new SegmentState(
                Map.of(0, new AddressRecord(null, "alice", null, 1), 1, new AddressRecord("sa-2", "bob", NODE_B, 0)),
                Map.of("alice", new StickyAddress(0, 2)), Map.of("sa-9", 40), 2, null));
        assertThat(restored.nextFree()).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void leasesOfRemovedNodesFound() {
        AddressSegment segment = new AddressSegment(0, 4, null, SegmentState.EMPTY);
        segment.lease(0, "sa-1", "alice", NODE_A);
        segment.lease(2, "sa-2", "bob", NODE_B);
        segment.lease(3, "sa-3", "carol", NODE_B);

        assertThat(segment.heldByNodesOutside(Set.of(NODE_A))).isEqualTo(Map.of(NODE_B, List.of(2, 3)));
        assertThat(segment.heldByNodesOutside(Set.of(NODE_A, NODE_B))).isEmpty();
    }
}
