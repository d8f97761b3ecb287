package org.ikec.protocol.radius;

/**
 * Thrown when a received datagram is not a RADIUS packet this client accepts: malformed under
 * RFC 2865 §3 and §5, or failing the Response Authenticator (RFC 2865 §3) or the
 * Message-Authenticator check (RFC 3579 §3.2). RFC 2865 says such packets are silently
 * discarded, so the exception records no stack trace and stays cheap under a flood.
 */
public final class InvalidRadiusPacketException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Kind of defect in the packet. */
    public enum Reason {
        /** A length field is out of range or points past the end of the packet. */
        MALFORMED,
        /** The Code is not one this client handles. */
        UNSUPPORTED_CODE,
        /** The Response Authenticator differs from the MD5 value computed with the shared secret. */
        BAD_RESPONSE_AUTHENTICATOR,
        /** The Message-Authenticator differs from the HMAC-MD5 value computed with the shared secret. */
        BAD_MESSAGE_AUTHENTICATOR,
        /** A response to a request carrying EAP-Message has no Message-Authenticator. */
        MISSING_MESSAGE_AUTHENTICATOR
    }

    private final Reason reason;

    public InvalidRadiusPacketException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Tells whether the packet was well formed but failed a check with the shared secret. */
    public boolean isBadAuthenticator() {
        return reason == Reason.BAD_RESPONSE_AUTHENTICATOR
                || reason == Reason.BAD_MESSAGE_AUTHENTICATOR
                || reason == Reason.MISSING_MESSAGE_AUTHENTICATOR;
    }

    static InvalidRadiusPacketException malformed(String message) {
        return new InvalidRadiusPacketException(Reason.MALFORMED, message);
    }
}
