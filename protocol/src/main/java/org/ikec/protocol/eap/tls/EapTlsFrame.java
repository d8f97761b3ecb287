package org.ikec.protocol.eap.tls;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The Type-Data of an EAP-TLS packet (RFC 5216 §3.1): a Flags octet, the TLS Message Length when
 * the L flag is set, and a fragment of TLS records.
 *
 * <pre>
 *   0 1 2 3 4 5 6 7
 *  +-+-+-+-+-+-+-+-+
 *  |L M S R R R R R|  L = length included, M = more fragments, S = EAP-TLS start
 *  +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param totalLength the TLS Message Length when the L flag is set, or -1
 */
public record EapTlsFrame(boolean more, boolean start, long totalLength, byte[] data) {

    public static final int FLAG_LENGTH = 0x80;
    public static final int FLAG_MORE = 0x40;
    public static final int FLAG_START = 0x20;
    private static final int LENGTH_SIZE = 4;

    public EapTlsFrame {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Returns an empty frame, which acknowledges a fragment. */
    public static EapTlsFrame acknowledgement() {
        return new EapTlsFrame(false, false, -1, new byte[0]);
    }

    /** Tells whether this frame carries no flags and no data, as an acknowledgement does. */
    public boolean isAcknowledgement() {
        return !more && !start && data.length == 0;
    }

    /** Decodes the Type-Data of an EAP-TLS packet. */
    public static EapTlsFrame decode(byte[] typeData) {
        if (typeData.length < 1) {
            throw new IllegalArgumentException("EAP-TLS data has no Flags octet");
        }
        int flags = typeData[0] & 0xff;
        boolean hasLength = (flags & FLAG_LENGTH) != 0;
        int offset = 1;
        long totalLength = -1;
        if (hasLength) {
            if (typeData.length < 1 + LENGTH_SIZE) {
                throw new IllegalArgumentException("EAP-TLS data sets the L flag but has " + (typeData.length - 1)
                        + " octets for the 4-octet TLS Message Length");
            }
            totalLength = ByteBuffer.wrap(typeData, 1, LENGTH_SIZE).getInt() & 0xffffffffL;
            offset += LENGTH_SIZE;
        }
        return new EapTlsFrame((flags & FLAG_MORE) != 0, (flags & FLAG_START) != 0, totalLength,
                Arrays.copyOfRange(typeData, offset, typeData.length));
    }

    /** Encodes the frame as EAP-TLS Type-Data. */
    public byte[] encode() {
        boolean hasLength = totalLength >= 0;
        ByteBuffer out = ByteBuffer.allocate(1 + (hasLength ? LENGTH_SIZE : 0) + data.length);
        out.put((byte) ((hasLength ? FLAG_LENGTH : 0) | (more ? FLAG_MORE : 0) | (start ? FLAG_START : 0)));
        if (hasLength) {
            out.putInt((int) totalLength);
        }
        out.put(data);
        return out.array();
    }
}
