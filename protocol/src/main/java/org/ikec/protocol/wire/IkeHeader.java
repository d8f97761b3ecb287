package org.ikec.protocol.wire;

/**
 * The fixed 28-byte IKE header (RFC 7296 §3.1).
 *
 * @param spiI initiator's SPI
 * @param spiR responder's SPI, zero in the first IKE_SA_INIT request
 * @param nextPayload type of the first payload
 * @param majorVersion 2 for IKEv2
 * @param minorVersion 0 for RFC 7296 implementations
 * @param exchangeType a value from {@link ExchangeType}
 * @param flags the whole flags octet, reserved bits included, as received or to be sent
 * @param messageId unsigned 32-bit message ID
 * @param length total message length in bytes, header included
 */
public record IkeHeader(long spiI, long spiR, int nextPayload, int majorVersion, int minorVersion,
                        int exchangeType, int flags, long messageId, int length) {

    public static final int SIZE = 28;

    public static final int FLAG_INITIATOR = 0x08;
    public static final int FLAG_VERSION = 0x10;
    public static final int FLAG_RESPONSE = 0x20;

    /** Largest message ID, since the field is an unsigned 32-bit value. */
    private static final long MAX_MESSAGE_ID = 0xffff_ffffL;

    public IkeHeader {
        Bytes.requireUnsigned("next payload", nextPayload, 8);
        Bytes.requireUnsigned("major version", majorVersion, 4);
        Bytes.requireUnsigned("minor version", minorVersion, 4);
        Bytes.requireUnsigned("exchange type", exchangeType, 8);
        Bytes.requireUnsigned("flags", flags, 8);
        if (messageId < 0 || messageId > MAX_MESSAGE_ID) {
            throw new IllegalArgumentException(
                    "message ID " + messageId + " does not fit an unsigned 32-bit field");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " is negative");
        }
    }

    /** Returns whether the sender is the original initiator of the IKE SA (I flag). */
    public boolean isInitiator() {
        return (flags & FLAG_INITIATOR) != 0;
    }

    /** Returns whether the message is a response (R flag). */
    public boolean isResponse() {
        return (flags & FLAG_RESPONSE) != 0;
    }

    public IkeHeader withLength(int newLength) {
        return new IkeHeader(spiI, spiR, nextPayload, majorVersion, minorVersion, exchangeType,
                flags, messageId, newLength);
    }

    public IkeHeader withNextPayload(int newNextPayload) {
        return new IkeHeader(spiI, spiR, newNextPayload, majorVersion, minorVersion, exchangeType,
                flags, messageId, length);
    }

    @Override
    public String toString() {
        return String.format("IkeHeader[spiI=%016x, spiR=%016x, nextPayload=%s, version=%d.%d, "
                        + "exchangeType=%s, flags=0x%02x, messageId=%d, length=%d]",
                spiI, spiR, PayloadType.name(nextPayload), majorVersion, minorVersion,
                ExchangeType.name(exchangeType), flags, messageId, length);
    }
}
