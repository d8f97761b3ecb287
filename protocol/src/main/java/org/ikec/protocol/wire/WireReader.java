package org.ikec.protocol.wire;

import java.util.Arrays;
import org.ikec.protocol.wire.MalformedMessageException.Reason;

/**
 * Bounds-checked reads from a received datagram for the decoders. Every caller checks a length
 * against what remains before it reads, so these methods only index the array.
 */
final class WireReader {

    private final byte[] buffer;
    private final IgnoredBits ignored;

    WireReader(byte[] buffer, IgnoredBits ignored) {
        this.buffer = buffer;
        this.ignored = ignored;
    }

    int u8(int offset) {
        return buffer[offset] & 0xff;
    }

    int u16(int offset) {
        return (buffer[offset] & 0xff) << 8 | (buffer[offset + 1] & 0xff);
    }

    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(buffer, from, to);
    }

    /** Reports the bits of {@code mask} at {@code offset} that are set, since they are dropped. */
    void reserved(int offset, int mask) {
        int bits = buffer[offset] & mask;
        if (bits != 0) {
            ignored.dropped(offset, bits);
        }
    }

    /** Reports non-zero bytes in a RESERVED field of {@code size} bytes. */
    void reservedBytes(int offset, int size) {
        for (int i = 0; i < size; i++) {
            reserved(offset + i, 0xff);
        }
    }

    /** Throws TRUNCATED unless {@code needed} bytes remain between {@code offset} and {@code end}. */
    static void require(int payloadType, String field, int needed, int offset, int end)
            throws MalformedMessageException {
        if (needed > end - offset) {
            throw new MalformedMessageException(Reason.TRUNCATED, payloadType,
                    PayloadType.name(payloadType) + " payload: " + field + " needs " + needed
                            + " bytes but only " + (end - offset) + " remain");
        }
    }

    static MalformedMessageException invalid(int payloadType, String message) {
        return new MalformedMessageException(Reason.INVALID_SYNTAX, payloadType,
                PayloadType.name(payloadType) + " payload: " + message);
    }
}
