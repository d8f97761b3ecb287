package org.ikec.protocol.eap;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One EAP packet (RFC 3748 §4): Code, Identifier, Length and, for requests and responses, the
 * Type and its data. Success and Failure carry no Type (§4.2).
 *
 * @param code {@link #REQUEST}, {@link #RESPONSE}, {@link #SUCCESS} or {@link #FAILURE}
 * @param type the EAP method type (§5); 0 for Success and Failure
 * @param typeData the bytes after the Type field; empty for Success and Failure
 */
public record EapPacket(int code, int identifier, int type, byte[] typeData) {

    public static final int REQUEST = 1;
    public static final int RESPONSE = 2;
    public static final int SUCCESS = 3;
    public static final int FAILURE = 4;

    /** EAP Types used here (RFC 3748 §5, IANA "Method Types"). */
    public static final int TYPE_IDENTITY = 1;
    public static final int TYPE_NAK = 3;
    public static final int TYPE_TLS = 13;
    public static final int TYPE_MSCHAPV2 = 26;

    private static final int HEADER_SIZE = 4;

    public EapPacket {
        if (code < REQUEST || code > FAILURE) {
            throw new IllegalArgumentException("EAP code " + code + " is not 1 to 4");
        }
        if ((code == SUCCESS || code == FAILURE) && (type != 0 || typeData.length != 0)) {
            throw new IllegalArgumentException("EAP Success and Failure carry no Type");
        }
        typeData = typeData.clone();
    }

    /** Creates a Request or Response of {@code type}. */
    public static EapPacket of(int code, int identifier, int type, byte[] typeData) {
        return new EapPacket(code, identifier, type, typeData);
    }

    /** Creates a Success or Failure that acknowledges the response with {@code identifier} (§4.2). */
    public static EapPacket outcome(boolean success, int identifier) {
        return new EapPacket(success ? SUCCESS : FAILURE, identifier, 0, new byte[0]);
    }

    /**
     * Decodes one whole EAP packet.
     *
     * @throws IllegalArgumentException when the Length field differs from the size, the code is
     *     unknown, or a Request or Response lacks its Type
     */
    public static EapPacket decode(byte[] message) {
        if (message.length < HEADER_SIZE) {
            throw new IllegalArgumentException("EAP packet of " + message.length + " bytes is shorter than its header");
        }
        int length = (message[2] & 0xff) << 8 | message[3] & 0xff;
        if (length != message.length) {
            throw new IllegalArgumentException("EAP Length " + length + " differs from the packet's " + message.length
                    + " bytes");
        }

        int code = message[0] & 0xff;
        int identifier = message[1] & 0xff;
        if (code < REQUEST || code > FAILURE) {
            throw new IllegalArgumentException("EAP code " + code + " is not 1 to 4");
        }
        if (code == SUCCESS || code == FAILURE) {
            if (length != HEADER_SIZE) {
                throw new IllegalArgumentException("EAP Success or Failure has " + length
                        + " bytes, but it must have 4");
            }
            return new EapPacket(code, identifier, 0, new byte[0]);
        }
        if (length == HEADER_SIZE) {
            throw new IllegalArgumentException("EAP Request or Response without a Type");
        }
        return new EapPacket(code, identifier, message[4] & 0xff, Arrays.copyOfRange(message, HEADER_SIZE + 1, length));
    }

    /** Encodes the packet, with its Length field. */
    public byte[] encode() {
        boolean typed = code == REQUEST || code == RESPONSE;
        int length = HEADER_SIZE + (typed ? 1 + typeData.length : 0);
        byte[] out = new byte[length];
        out[0] = (byte) code;
        out[1] = (byte) identifier;
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        if (typed) {
            out[4] = (byte) type;
            System.arraycopy(typeData, 0, out, HEADER_SIZE + 1, typeData.length);
        }
        return out;
    }

    @Override
    public byte[] typeData() {
        return typeData.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EapPacket that && code == that.code && identifier == that.identifier
                && type == that.type && Arrays.equals(typeData, that.typeData);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * code + identifier) + type) + Arrays.hashCode(typeData);
    }

    /** Describes code, identifier and type; the type data may hold an MS-CHAPv2 response, so it is left out. */
    @Override
    public String toString() {
        return "EapPacket[code=" + code + " id=" + identifier + " type=" + type + " " + typeData.length
                + " bytes]";
    }

    static String hexUpper(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
