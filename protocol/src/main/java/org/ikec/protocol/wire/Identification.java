package org.ikec.protocol.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The IDi or IDr payload (RFC 7296 §3.5).
 *
 * @param initiator true for IDi, false for IDr
 * @param idType a value from {@link IdType}
 * @param data the identification data, its format given by the ID type
 */
public record Identification(boolean initiator, int idType, byte[] data) implements Payload {

    /** ID Type and the three RESERVED bytes that precede the data. */
    static final int FIXED_SIZE = 4;

    public Identification {
        Bytes.requireUnsigned("ID type", idType, 8);
        data = data.clone();
    }

    @Override
    public int type() {
        return initiator ? PayloadType.ID_I : PayloadType.ID_R;
    }

    /**
     * Returns the payload body after the generic header (ID Type, three zero RESERVED bytes, data),
     * the octets that the AUTH payload signs as RestOfInitIDPayload or RestOfRespIDPayload
     * (RFC 7296 §2.15).
     * NOTE: the RESERVED bytes are rebuilt as zero, so a peer that sent other values there
     * computes its AUTH over different octets.
     */
    public byte[] body() {
        byte[] body = new byte[FIXED_SIZE + data.length];
        body[0] = (byte) idType;
        System.arraycopy(data, 0, body, FIXED_SIZE, data.length);
        return body;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Identification that
                && initiator == that.initiator
                && idType == that.idType
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initiator, idType, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return (initiator ? "IDi" : "IDr") + "[idType=" + IdType.name(idType)
                + ", data=" + Bytes.hex(data) + "]";
    }
}
