package org.ikec.protocol.wire;

/**
 * Receives the non-zero bits that the decoder read and dropped: RESERVED fields and the critical
 * bit of payload types it knows (RFC 7296 §2.5 says a receiver ignores both). Those bits are the
 * only ones that {@link IkeCodec#encode} does not reproduce.
 */
@FunctionalInterface
interface IgnoredBits {

    /** Does nothing; the decoder uses it when nobody asks. */
    IgnoredBits NONE = (offset, bits) -> { };

    /**
     * Records dropped bits.
     *
     * @param offset index into the decoded buffer
     * @param bits the non-zero bits of that byte that were dropped
     */
    void dropped(int offset, int bits);
}
