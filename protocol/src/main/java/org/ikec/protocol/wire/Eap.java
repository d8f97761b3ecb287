package org.ikec.protocol.wire;

import java.util.Arrays;

/**
 * The EAP payload (RFC 7296 §3.16): one whole EAP message (RFC 3748 §4), whose own Length field
 * must equal its size.
 *
 * @param message the EAP message, Code, Identifier and Length included
 */
public record Eap(byte[] message) implements Payload {

    /** Code, Identifier and Length of the EAP message. */
    static final int EAP_HEADER_SIZE = 4;

    public Eap {
        if (message.length < EAP_HEADER_SIZE
                || ((message[2] & 0xff) << 8 | (message[3] & 0xff)) != message.length) {
            throw new IllegalArgumentException(
                    "EAP message length field does not match its " + message.length + " bytes");
        }
        message = message.clone();
    }

    @Override
    public int type() {
        return PayloadType.EAP;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Eap that && Arrays.equals(message, that.message);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(message);
    }

    /**
     * Describes the EAP Code, Identifier and size. The content stays out, because an MS-CHAPv2
     * Response in it can be attacked offline to recover the password.
     */
    @Override
    public String toString() {
        return "Eap[code=" + (message[0] & 0xff) + " id=" + (message[1] & 0xff) + " " + message.length + " bytes]";
    }
}
