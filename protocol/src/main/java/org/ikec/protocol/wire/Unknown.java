package org.ikec.protocol.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A payload of a type this codec does not decode, kept so that it re-encodes unchanged. The
 * decoder returns it only when the critical bit is clear; with the bit set the message is
 * rejected with UNSUPPORTED_CRITICAL_PAYLOAD (RFC 7296 §2.5).
 *
 * @param type the payload type number
 * @param critical the critical bit as received
 * @param body the payload after its generic header
 */
public record Unknown(int type, boolean critical, byte[] body) implements Payload {

    public Unknown {
        Bytes.requireUnsigned("payload type", type, 8);
        if (type == PayloadType.NONE || PayloadType.isKnown(type)) {
            throw new IllegalArgumentException(
                    "payload type " + PayloadType.name(type) + " has its own record");
        }
        body = body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Unknown that
                && type == that.type
                && critical == that.critical
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, critical, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "Unknown[type=" + type + ", critical=" + critical + ", body=" + Bytes.hex(body) + "]";
    }
}
