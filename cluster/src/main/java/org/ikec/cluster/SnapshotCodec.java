package org.ikec.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.ikec.protocol.ike.IkeTraffic;

/**
 * Encodes the directory's snapshots into byte arrays and decodes them again. A snapshot as
 * objects costs about 650 bytes of heap per IKE SA, most of it in object headers and Strings.
 * Encoded, a snapshot with one CHILD SA is one array of about 140 bytes (class histograms of a
 * node with 20,000 and 100,000 IKE SAs).
 *
 * <p>Texts that many IKE SAs share, such as the node, the connection, our identity, the proposal
 * and our traffic selectors, are stored once in a table of this codec and encoded as their index.
 * SPIs and other lower-case hex texts are encoded as their bytes. One instance belongs to one
 * directory and is not thread-safe.
 *
 * <p>Every field of {@link SaSnapshot} and {@link ChildSaSnapshot} must be written here and read
 * back in the same order. {@code SnapshotCodecTest} checks that a snapshot with every field set
 * comes back equal.
 *
 * <p>NOTE: the table of shared texts is never cleared, so texts that no IKE SA uses any more, such
 * as the name of a connection removed by a reload, stay in it. It stops growing at
 * {@link #MAX_SHARED_TEXTS}, after which new texts are written out in each snapshot.
 */
final class SnapshotCodec {

    /** The size at which the table of shared texts stops growing. Further texts are written out in each snapshot. */
    static final int MAX_SHARED_TEXTS = 65_536;

    private static final HexFormat HEX = HexFormat.of();

    private static final int NULL = 0;
    private static final int INLINE = 1;
    private static final int SHARED = 2;
    private static final int HEX_BYTES = 3;
    /** The text is the snapshot's id, which the directory keeps as the key of the encoded snapshot. */
    private static final int SAME_AS_ID = 4;

    private static final int INSTANT_MILLIS = 1;
    private static final int INSTANT_NANOS = 2;

    private static final IkeAuthMethod[] AUTH_METHODS = IkeAuthMethod.values();

    private final List<String> sharedTexts = new ArrayList<>();
    private final Map<String, Integer> sharedIndex = new HashMap<>();

    /**
     * Encodes a snapshot without its id, which the caller keeps with the array and passes to
     * {@link #decode}. The array is what the directory keeps.
     */
    byte[] encode(SaSnapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        String id = snapshot.id();
        try {
            writeText(out, snapshot.node(), true);
            writeText(out, snapshot.connection(), true);
            writeVarLong(out, snapshot.tunnelIndex() == null ? 0 : 1 + Integer.toUnsignedLong(snapshot.tunnelIndex()));
            writeText(out, snapshot.state(), true);
            out.writeBoolean(snapshot.initiator());
            writeSpi(out, snapshot.spiI(), id);
            writeSpi(out, snapshot.spiR(), id);
            writeText(out, snapshot.localAddress(), true);
            writeText(out, snapshot.remoteAddress(), false);
            writeText(out, snapshot.localId(), true);
            writeText(out, snapshot.remoteId(), false);
            writeText(out, snapshot.proposal(), true);
            writeInstant(out, snapshot.establishedAt());
            writeVarLong(out, snapshot.ikeLifetimeSeconds());
            writeVarLong(out, snapshot.authMethod() == null ? 0 : 1 + snapshot.authMethod().ordinal());
            writeTraffic(out, snapshot.ikeTraffic());
            writeVarLong(out, snapshot.children().size());
            for (ChildSaSnapshot child : snapshot.children()) {
                writeChild(out, child);
            }
            writeTexts(out, snapshot.virtualIps(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a snapshot in memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Decodes an array from {@link #encode} of this instance, with the id of its snapshot. */
    SaSnapshot decode(String id, byte[] encoded) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        try {
            String node = readText(in);
            String connection = readText(in);
            long tunnelIndex = readVarLong(in);
            String state = readText(in);
            boolean initiator = in.readBoolean();
            String spiI = readSpi(in, id);
            String spiR = readSpi(in, id);
            String localAddress = readText(in);
            String remoteAddress = readText(in);
            String localId = readText(in);
            String remoteId = readText(in);
            String proposal = readText(in);
            Instant establishedAt = readInstant(in);
            long ikeLifetimeSeconds = readVarLong(in);
            long authMethod = readVarLong(in);
            IkeTraffic traffic = readTraffic(in);
            int childCount = (int) readVarLong(in);
            List<ChildSaSnapshot> children = new ArrayList<>(childCount);
            for (int i = 0; i < childCount; i++) {
                children.add(readChild(in));
            }
            List<String> virtualIps = readTexts(in);

            return new SaSnapshot(id, node, connection, tunnelIndex == 0 ? null : (int) (tunnelIndex - 1), state,
                    initiator, spiI, spiR, localAddress, remoteAddress, localId, remoteId, proposal, establishedAt,
                    ikeLifetimeSeconds, authMethod == 0 ? null : AUTH_METHODS[(int) authMethod - 1], traffic,
                    children, virtualIps);
        } catch (IOException e) {
            throw new UncheckedIOException("decoding a snapshot from memory failed", e);
        }
    }

    private void writeChild(DataOutputStream out, ChildSaSnapshot child) throws IOException {
        writeText(out, child.name(), true);
        writeText(out, child.state(), true);
        writeText(out, child.spiIn(), false);
        writeText(out, child.spiOut(), false);
        writeText(out, child.proposal(), true);
        writeTexts(out, child.localTs(), true);
        writeTexts(out, child.remoteTs(), false);
        writeInstant(out, child.installedAt());
        writeVarLong(out, child.lifetimeSeconds());
        writeVarLong(out, child.rekeySeconds());
    }

    private ChildSaSnapshot readChild(DataInputStream in) throws IOException {
        String name = readText(in);
        String state = readText(in);
        String spiIn = readText(in);
        String spiOut = readText(in);
        String proposal = readText(in);
        List<String> localTs = readTexts(in);
        List<String> remoteTs = readTexts(in);
        Instant installedAt = readInstant(in);
        long lifetimeSeconds = readVarLong(in);
        long rekeySeconds = readVarLong(in);
        return new ChildSaSnapshot(name, state, spiIn, spiOut, proposal, localTs, remoteTs, installedAt,
                lifetimeSeconds, rekeySeconds);
    }

    private static void writeTraffic(DataOutputStream out, IkeTraffic traffic) throws IOException {
        out.writeBoolean(traffic != null);
        if (traffic != null) {
            writeVarLong(out, traffic.inOctets());
            writeVarLong(out, traffic.inPackets());
            writeVarLong(out, traffic.outOctets());
            writeVarLong(out, traffic.outPackets());
        }
    }

    private static IkeTraffic readTraffic(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new IkeTraffic(readVarLong(in), readVarLong(in), readVarLong(in), readVarLong(in));
    }

    /** Writes an instant as milliseconds when it has no finer part, as the IKE SA's times have none. */
    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        if (instant == null) {
            out.writeByte(NULL);
        } else if (instant.getNano() % 1_000_000 == 0 && fitsMillis(instant)) {
            out.writeByte(INSTANT_MILLIS);
            writeVarLong(out, instant.toEpochMilli());
        } else {
            out.writeByte(INSTANT_NANOS);
            writeVarLong(out, instant.getEpochSecond());
            writeVarLong(out, instant.getNano());
        }
    }

    private static boolean fitsMillis(Instant instant) {
        long seconds = instant.getEpochSecond();
        return seconds > Long.MIN_VALUE / 1000 + 1 && seconds < Long.MAX_VALUE / 1000 - 1;
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        int kind = in.readUnsignedByte();
        return switch (kind) {
            case NULL -> null;
            case INSTANT_MILLIS -> Instant.ofEpochMilli(readVarLong(in));
            case INSTANT_NANOS -> {
                long seconds = readVarLong(in);
                yield Instant.ofEpochSecond(seconds, readVarLong(in));
            }
            default -> throw new IOException("invalid instant kind " + kind + " in an encoded snapshot");
        };
    }

    /** Writes one of the IKE SA's SPIs, which is often the snapshot's id itself. */
    private void writeSpi(DataOutputStream out, String spi, String id) throws IOException {
        if (spi != null && spi.equals(id)) {
            out.writeByte(SAME_AS_ID);
        } else {
            writeText(out, spi, false);
        }
    }

    private String readSpi(DataInputStream in, String id) throws IOException {
        in.mark(1);
        if (in.readUnsignedByte() == SAME_AS_ID) {
            return id;
        }
        in.reset();
        return readText(in);
    }

    private void writeTexts(DataOutputStream out, List<String> texts, boolean shared) throws IOException {
        writeVarLong(out, texts.size());
        for (String text : texts) {
            writeText(out, text, shared);
        }
    }

    private List<String> readTexts(DataInputStream in) throws IOException {
        int count = (int) readVarLong(in);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(readText(in));
        }
        return texts;
    }

    /** Writes a text: by its index when {@code shared} and the table has room, as bytes when hex, else inline. */
    private void writeText(DataOutputStream out, String text, boolean shared) throws IOException {
        if (text == null) {
            out.writeByte(NULL);
            return;
        }

        Integer index = shared ? sharedIndex(text) : null;
        if (index != null) {
            out.writeByte(SHARED);
            writeVarLong(out, index);
        } else if (isHex(text)) {
            out.writeByte(HEX_BYTES);
            byte[] value = HEX.parseHex(text);
            writeVarLong(out, value.length);
            out.write(value);
        } else {
            out.writeByte(INLINE);
            byte[] value = text.getBytes(StandardCharsets.UTF_8);
            writeVarLong(out, value.length);
            out.write(value);
        }
    }

    private String readText(DataInputStream in) throws IOException {
        int kind = in.readUnsignedByte();
        return switch (kind) {
            case NULL -> null;
            case SHARED -> sharedTexts.get((int) readVarLong(in));
            case HEX_BYTES -> HEX.formatHex(readBytes(in));
            case INLINE -> new String(readBytes(in), StandardCharsets.UTF_8);
            default -> throw new IOException("invalid text kind " + kind + " in an encoded snapshot");
        };
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] value = new byte[(int) readVarLong(in)];
        in.readFully(value);
        return value;
    }

    /** Returns the index of a shared text, which is added to the table if new, or null when the table is full. */
    private Integer sharedIndex(String text) {
        Integer index = sharedIndex.get(text);
        if (index != null || sharedTexts.size() >= MAX_SHARED_TEXTS) {
            return index;
        }
        index = sharedTexts.size();
        sharedTexts.add(text);
        sharedIndex.put(text, index);
        return index;
    }

    /** Tells whether a text is non-empty lower-case hex of even length, which {@link HexFormat} restores exactly. */
    private static boolean isHex(String text) {
        if (text.isEmpty() || text.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Writes a long in 7-bit groups, low group first, zigzag-encoded so that small negative values stay short. */
    private static void writeVarLong(DataOutputStream out, long value) throws IOException {
        long zigzag = (value << 1) ^ (value >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            out.writeByte((int) (zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        out.writeByte((int) zigzag);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long zigzag = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            zigzag |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (zigzag >>> 1) ^ -(zigzag & 1);
            }
        }
        throw new IOException("a variable-length number in an encoded snapshot is longer than 64 bits");
    }
}
