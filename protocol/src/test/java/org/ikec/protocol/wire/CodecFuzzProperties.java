package org.ikec.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Mutates captured and hand-built messages (bit flips, byte writes, truncations, length field
 * edits) and feeds random bytes to the decoder. Decoding must either fail with
 * {@link MalformedMessageException} or succeed so that re-encoding reproduces the input except
 * for exactly the RESERVED and critical bits that the decoder reports as dropped.
 */
class CodecFuzzProperties {

    /** One edit of a datagram; indexes wrap around the current length. */
    @FunctionalInterface
    interface Mutation {
        byte[] apply(byte[] datagram);
    }

    private static final List<byte[]> SEEDS = seeds();

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>(WireSamples.allCaptured());
        for (IkeMessage message : WireSamples.handBuilt()) {
            seeds.add(IkeCodec.encode(message));
        }
        return seeds;
    }

    @Property(tries = 4000)
    void mutatedMessagesDecodeCleanly(@ForAll("mutatedMessages") byte[] datagram) {
        Statistics.collect(checkDecodeAndReencode(datagram));
    }

    @Property(tries = 1000)
    void randomBytesDecodeCleanly(@ForAll @Size(max = 300) byte[] datagram) {
        checkDecodeAndReencode(datagram);
    }

    @Property(tries = 1000)
    void randomChainsBehindValidHeaderDecodeCleanly(
            @ForAll @IntRange(min = 0, max = 60) int firstPayload,
            @ForAll @Size(max = 200) byte[] chain) {
        byte[] datagram = WireSamples.datagram(ExchangeType.INFORMATIONAL, firstPayload,
                WireSamples.HEX.formatHex(chain));

        checkDecodeAndReencode(datagram);
    }

    @Property(tries = 1000)
    void randomInnerChainsDecodeCleanly(@ForAll @IntRange(min = 0, max = 60) int firstPayload,
                                        @ForAll @Size(max = 200) byte[] chain) {
        List<int[]> dropped = new ArrayList<>();
        List<Payload> payloads;
        try {
            payloads = IkeCodec.decodePayloads(firstPayload, chain, 0, chain.length,
                    (offset, bits) -> dropped.add(new int[] {offset, bits}));
        } catch (MalformedMessageException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }

        assertThat(IkeCodec.encodePayloads(payloads)).isEqualTo(clearDropped(chain, dropped));
    }

    /** Checks one datagram and returns the outcome for the statistics. */
    private static String checkDecodeAndReencode(byte[] datagram) {
        List<int[]> dropped = new ArrayList<>();
        IkeMessage message;
        try {
            message = IkeCodec.decode(datagram, 0, datagram.length,
                    (offset, bits) -> dropped.add(new int[] {offset, bits}));
        } catch (MalformedMessageException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
            return "rejected " + e.reason();
        }

        byte[] encoded = IkeCodec.encode(message);
        if (dropped.isEmpty()) {
            assertThat(encoded).isEqualTo(datagram);
            return "accepted, identical";
        }

        assertThat(encoded).isEqualTo(clearDropped(datagram, dropped));
        IkeMessage again = decodeValid(encoded);
        assertThat(again).isEqualTo(message);
        assertThat(IkeCodec.encode(again)).isEqualTo(encoded);
        return "accepted, dropped bits cleared";
    }

    private static byte[] clearDropped(byte[] input, List<int[]> dropped) {
        byte[] expected = input.clone();
        for (int[] bits : dropped) {
            assertThat(input[bits[0]] & bits[1]).isEqualTo(bits[1]);
            expected[bits[0]] &= (byte) ~bits[1];
        }
        return expected;
    }

    private static IkeMessage decodeValid(byte[] datagram) {
        try {
            return IkeCodec.decode(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            throw new AssertionError("re-encoded message does not decode: " + e.getMessage(), e);
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        Arbitrary<byte[]> seeds = Arbitraries.of(SEEDS);
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(seeds, mutations).as((seed, edits) -> {
            byte[] datagram = seed.clone();
            for (Mutation edit : edits) {
                datagram = edit.apply(datagram);
            }
            return datagram;
        });
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 0xffff);
        return Arbitraries.oneOf(
                Combinators.combine(index, Arbitraries.integers().between(0, 7))
                        .as(CodecFuzzProperties::flipBit),
                Combinators.combine(index, Arbitraries.integers().between(0, 255))
                        .as(CodecFuzzProperties::setByte),
                Combinators.combine(index, Arbitraries.of(true, false))
                        .as(CodecFuzzProperties::truncate),
                Combinators.combine(index, Arbitraries.integers().between(0, 0xffff))
                        .as(CodecFuzzProperties::setU16),
                Combinators.combine(index, Arbitraries.integers().between(-8, 8))
                        .as(CodecFuzzProperties::editPayloadLength),
                Arbitraries.integers().between(-4, 4).map(CodecFuzzProperties::editHeaderLength));
    }

    private static Mutation flipBit(int index, int bit) {
        return datagram -> {
            if (datagram.length > 0) {
                datagram[index % datagram.length] ^= (byte) (1 << bit);
            }
            return datagram;
        };
    }

    private static Mutation setByte(int index, int value) {
        return datagram -> {
            if (datagram.length > 0) {
                datagram[index % datagram.length] = (byte) value;
            }
            return datagram;
        };
    }

    /** Cuts the datagram short, and with {@code fixHeader} makes the header Length agree. */
    private static Mutation truncate(int index, boolean fixHeader) {
        return datagram -> {
            byte[] shorter = Arrays.copyOf(datagram, index % (datagram.length + 1));
            if (fixHeader && shorter.length >= IkeHeader.SIZE) {
                writeU32(shorter, 24, shorter.length);
            }
            return shorter;
        };
    }

    private static Mutation setU16(int index, int value) {
        return datagram -> {
            if (datagram.length >= 2) {
                int at = index % (datagram.length - 1);
                datagram[at] = (byte) (value >> 8);
                datagram[at + 1] = (byte) value;
            }
            return datagram;
        };
    }

    /** Adds {@code delta} to the Payload Length of one payload found by walking the chain. */
    private static Mutation editPayloadLength(int headerIndex, int delta) {
        return datagram -> {
            List<Integer> headers = new ArrayList<>();
            int position = IkeHeader.SIZE;
            while (position + 4 <= datagram.length && headers.size() < 70) {
                headers.add(position);
                int length = (datagram[position + 2] & 0xff) << 8 | (datagram[position + 3] & 0xff);
                if (length < 4) {
                    break;
                }
                position += length;
            }
            if (!headers.isEmpty()) {
                int at = headers.get(headerIndex % headers.size()) + 2;
                int length = (datagram[at] & 0xff) << 8 | (datagram[at + 1] & 0xff);
                int edited = (length + delta) & 0xffff;
                datagram[at] = (byte) (edited >> 8);
                datagram[at + 1] = (byte) edited;
            }
            return datagram;
        };
    }

    private static Mutation editHeaderLength(int delta) {
        return datagram -> {
            if (datagram.length >= IkeHeader.SIZE) {
                writeU32(datagram, 24, datagram.length + delta);
            }
            return datagram;
        };
    }

    private static void writeU32(byte[] out, int offset, int value) {
        out[offset] = (byte) (value >>> 24);
        out[offset + 1] = (byte) (value >>> 16);
        out[offset + 2] = (byte) (value >>> 8);
        out[offset + 3] = (byte) value;
    }

    @Example
    void droppedBitsAreReportedAtTheirOffsets() throws Exception {
        byte[] datagram = WireSamples.captured("ike-sa-init-request");
        datagram[29] = (byte) 0x81;
        datagram[33] = 0x01;
        datagram[41] = 0x02;
        datagram[45] = 0x04;
        datagram[75] = 0x08;
        List<String> dropped = new ArrayList<>();

        IkeCodec.decode(datagram, 0, datagram.length,
                (offset, bits) -> dropped.add(offset + ":" + Integer.toHexString(bits)));

        assertThat(dropped).containsExactly("29:81", "33:1", "41:2", "45:4", "75:8");
    }

    @Example
    void unknownPayloadReportsOnlyReservedBits() throws Exception {
        byte[] datagram = WireSamples.datagram(ExchangeType.INFORMATIONAL, 60, "00c10004");
        List<String> dropped = new ArrayList<>();

        MalformedMessageException critical = null;
        try {
            IkeCodec.decode(datagram, 0, datagram.length,
                    (offset, bits) -> dropped.add(offset + ":" + Integer.toHexString(bits)));
        } catch (MalformedMessageException e) {
            critical = e;
        }
        datagram[29] = 0x41;
        IkeMessage message = IkeCodec.decode(datagram, 0, datagram.length,
                (offset, bits) -> dropped.add(offset + ":" + Integer.toHexString(bits)));

        assertThat(critical).isNotNull();
        assertThat(message.payloads()).containsExactly(new Unknown(60, false, new byte[0]));
        assertThat(dropped).containsExactly("29:41");
    }
}
