package org.ikec.protocol.wire;

/**
 * Receiver of the non-zero bits that the decoder read and dropped: RESERVED fields and the
 * critical bit of payload types it decodes, which RFC 7296 §2.5 requires a receiver to ignore.
 * Those bits are the only ones that {@link IkeCodec#encode} does not reproduce.
 */
@FunctionalInterface
interface IgnoredBits {

    /** Discards the reports, for the public decode methods. */
    IgnoredBits NONE = (offset, bits) -> { };

    /**
     * Records dropped bits.
     *
     * @param offset index into the decoded buffer
     * @param bits the non-zero bits of that byte that were dropped
     */
    void dropped(int offset, int bits);
}
