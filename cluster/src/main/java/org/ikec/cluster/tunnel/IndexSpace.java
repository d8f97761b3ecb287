package org.ikec.cluster.tunnel;

/**
 * The jnxIkeTunIndex space 1..2^31-1 cut into 2^segmentBits equal segments by the upper bits of
 * the index. Segment 0 starts at 1 because 0 is not a valid index. Every node of a cluster must
 * use the same {@code segmentBits}, or two allocators would own overlapping ranges.
 *
 * @param segmentBits how many upper bits of the 31-bit index select the segment, 1..30
 */
record IndexSpace(int segmentBits) {

    private static final int INDEX_BITS = 31;

    IndexSpace {
        if (segmentBits < 1 || segmentBits > INDEX_BITS - 1) {
            throw new IllegalArgumentException("segmentBits is " + segmentBits + ", expected 1..30");
        }
    }

    int segmentCount() {
        return 1 << segmentBits;
    }

    int segmentOf(int index) {
        requireValid(index);
        return index >>> (INDEX_BITS - segmentBits);
    }

    int firstIndex(int segment) {
        int first = segment << (INDEX_BITS - segmentBits);
        return first == 0 ? 1 : first;
    }

    int lastIndex(int segment) {
        return (segment << (INDEX_BITS - segmentBits)) | ((1 << (INDEX_BITS - segmentBits)) - 1);
    }

    /** Returns the segment after {@code segment}, wrapping from the last to segment 0. */
    int nextSegment(int segment) {
        return (segment + 1) & (segmentCount() - 1);
    }

    static void requireValid(int index) {
        if (index < 1) {
            throw new IllegalArgumentException("tunnel index " + index + " is out of range 1..2147483647");
        }
    }
}
