package org.ikec.protocol.wire;

/**
 * Thrown when a datagram is not a well-formed IKEv2 message (RFC 7296 §2.5 and §3). The exchange
 * code picks its response from the reason. UNSUPPORTED_CRITICAL_PAYLOAD and INVALID_MAJOR_VERSION
 * map to the notifications of the same name, the other reasons to INVALID_SYNTAX or a silent
 * drop. The exception records no stack trace, because a flood of bad packets must stay cheap.
 */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Kind of defect in the message. */
    public enum Reason {
        /** A length field points past the end of the datagram or of its parent structure. */
        TRUNCATED,
        /** The IKE header's Length field differs from the datagram length. */
        LENGTH_MISMATCH,
        /** The major version is not 2. */
        INVALID_MAJOR_VERSION,
        /** A payload of an unknown type has the critical bit set. */
        UNSUPPORTED_CRITICAL_PAYLOAD,
        /** A field has a value the RFC does not allow, such as a length below its minimum. */
        INVALID_SYNTAX,
        /** The payload chain has more payloads than the decoder accepts. */
        TOO_MANY_PAYLOADS
    }

    private final Reason reason;
    private final int payloadType;

    /**
     * Creates the exception.
     *
     * @param reason what is wrong
     * @param payloadType type of the offending payload, or -1 when the header is at fault
     * @param message which field of which payload is wrong, and its value
     */
    public MalformedMessageException(Reason reason, int payloadType, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.payloadType = payloadType;
    }

    public Reason reason() {
        return reason;
    }

    /** Returns the type of the offending payload, or -1 when the header is at fault. */
    public int payloadType() {
        return payloadType;
    }
}
