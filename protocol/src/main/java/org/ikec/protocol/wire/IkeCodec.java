package org.ikec.protocol.wire;

import java.util.List;
import java.util.Objects;
import org.ikec.protocol.wire.MalformedMessageException.Reason;

/**
 * Decodes and encodes IKEv2 messages (RFC 7296 §3) with the strict checks of §2.5. Every length
 * is checked against what remains before it is read, and the major version must be 2. An unknown
 * payload with the critical bit set rejects the message, and each chain or list is capped at 64
 * entries. Decoding throws only {@link MalformedMessageException} for any datagram content.
 * The SK and SKF payloads stay encrypted; their decrypted contents go through
 * {@link #decodePayloads}.
 *
 * <p>RESERVED fields and the critical bit of known payload types are ignored on receipt and
 * written as zero, so {@code encode(decode(x))} equals {@code x} except in those bits.
 */
public final class IkeCodec {

    /** The only major version this codec accepts. */
    private static final int MAJOR_VERSION = 2;

    private IkeCodec() {
    }

    /**
     * Decodes only the IKE header, for routing a datagram by SPI.
     *
     * @throws MalformedMessageException TRUNCATED below 28 bytes, INVALID_MAJOR_VERSION unless
     *         the major version is 2, LENGTH_MISMATCH when the Length field differs from
     *         {@code length}
     * @throws IndexOutOfBoundsException when offset and length do not lie within the array
     */
    public static IkeHeader decodeHeader(byte[] datagram, int offset, int length)
            throws MalformedMessageException {
        Objects.checkFromIndexSize(offset, length, datagram.length);
        if (length < IkeHeader.SIZE) {
            throw new MalformedMessageException(Reason.TRUNCATED, -1,
                    "datagram of " + length + " bytes is shorter than the 28-byte IKE header");
        }
        WireReader reader = new WireReader(datagram, IgnoredBits.NONE);

        int majorVersion = reader.u8(offset + 17) >>> 4;
        if (majorVersion != MAJOR_VERSION) {
            throw new MalformedMessageException(Reason.INVALID_MAJOR_VERSION, -1,
                    "IKE header major version is " + majorVersion + ", not 2");
        }
        long declaredLength = u32(reader, offset + 24);
        if (declaredLength != length) {
            throw new MalformedMessageException(Reason.LENGTH_MISMATCH, -1,
                    "IKE header Length is " + declaredLength + " but the datagram has "
                            + length + " bytes");
        }

        return new IkeHeader(u64(reader, offset), u64(reader, offset + 8), reader.u8(offset + 16),
                majorVersion, reader.u8(offset + 17) & 0x0f, reader.u8(offset + 18),
                reader.u8(offset + 19), u32(reader, offset + 20), length);
    }

    /**
     * Decodes a whole message. An SK or SKF payload, when present, must be the last payload and
     * is returned undecrypted.
     *
     * @throws MalformedMessageException when the message is malformed, with the reason
     * @throws IndexOutOfBoundsException when offset and length do not lie within the array
     */
    public static IkeMessage decode(byte[] datagram, int offset, int length)
            throws MalformedMessageException {
        return decode(datagram, offset, length, IgnoredBits.NONE);
    }

    /** Decodes a whole message and reports the ignored non-zero bits to {@code ignored}. */
    static IkeMessage decode(byte[] datagram, int offset, int length, IgnoredBits ignored)
            throws MalformedMessageException {
        IkeHeader header = decodeHeader(datagram, offset, length);

        PayloadDecoder decoder = new PayloadDecoder(new WireReader(datagram, ignored));
        List<Payload> payloads = decoder.decodeChain(header.nextPayload(),
                offset + IkeHeader.SIZE, offset + length);
        return new IkeMessage(header, payloads);
    }

    /**
     * Decodes a payload chain without IKE header, such as the decrypted contents of an SK
     * payload (padding and Pad Length removed) with its Next Payload value as
     * {@code firstPayloadType}.
     *
     * @throws MalformedMessageException when the chain is malformed, with the reason
     * @throws IndexOutOfBoundsException when offset and length do not lie within the array
     */
    public static List<Payload> decodePayloads(int firstPayloadType, byte[] buffer, int offset,
                                               int length) throws MalformedMessageException {
        return decodePayloads(firstPayloadType, buffer, offset, length, IgnoredBits.NONE);
    }

    static List<Payload> decodePayloads(int firstPayloadType, byte[] buffer, int offset,
                                        int length, IgnoredBits ignored)
            throws MalformedMessageException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        PayloadDecoder decoder = new PayloadDecoder(new WireReader(buffer, ignored));
        return decoder.decodeChain(firstPayloadType, offset, offset + length);
    }

    /**
     * Encodes a message. The header's nextPayload and length are recomputed from the payloads;
     * its other fields are written as given.
     *
     * @throws IllegalArgumentException when an SK or SKF payload is not last or a payload is too
     *         long for its 16-bit length field
     */
    public static byte[] encode(IkeMessage message) {
        List<Payload> payloads = message.payloads();
        int length = IkeHeader.SIZE + PayloadEncoder.chainLength(payloads);
        int firstType = payloads.isEmpty() ? PayloadType.NONE : payloads.get(0).type();
        IkeHeader header = message.header().withNextPayload(firstType).withLength(length);

        byte[] out = new byte[length];
        writeHeader(header, out, 0);
        PayloadEncoder.writeChain(payloads, out, IkeHeader.SIZE);
        return out;
    }

    /**
     * Encodes a payload chain whose last Next Payload is 0, such as the plaintext of an SK
     * payload. The caller takes the first type from {@code payloads.get(0).type()}.
     *
     * @throws IllegalArgumentException as {@link #encode}
     */
    public static byte[] encodePayloads(List<Payload> payloads) {
        byte[] out = new byte[PayloadEncoder.chainLength(payloads)];
        PayloadEncoder.writeChain(payloads, out, 0);
        return out;
    }

    /** Writes the 28-byte header exactly as given, for example to build the AUTH octets. */
    public static void writeHeader(IkeHeader header, byte[] out, int offset) {
        Objects.checkFromIndexSize(offset, IkeHeader.SIZE, out.length);
        int position = WireWriter.u64(out, offset, header.spiI());
        position = WireWriter.u64(out, position, header.spiR());
        position = WireWriter.u8(out, position, header.nextPayload());
        position = WireWriter.u8(out, position, header.majorVersion() << 4 | header.minorVersion());
        position = WireWriter.u8(out, position, header.exchangeType());
        position = WireWriter.u8(out, position, header.flags());
        position = WireWriter.u32(out, position, header.messageId());
        WireWriter.u32(out, position, header.length());
    }

    private static long u32(WireReader reader, int offset) {
        return (long) reader.u16(offset) << 16 | reader.u16(offset + 2);
    }

    private static long u64(WireReader reader, int offset) {
        return u32(reader, offset) << 32 | u32(reader, offset + 4);
    }
}
