package org.ikec.protocol.ike;

import org.ikec.protocol.wire.NotifyType;

/**
 * The reason an IKE_SA_INIT and IKE_AUTH handshake, or a CHILD SA negotiation, failed. Most
 * reasons follow the error notify that ended the exchange (RFC 7296 §3.10.1).
 */
public enum HandshakeFailure {
    /** NO_PROPOSAL_CHOSEN: no proposal both sides accept. */
    NO_PROPOSAL,
    /** INVALID_KE_PAYLOAD: the KE payload used a group other than the chosen one (§1.3). */
    INVALID_KE,
    /** AUTHENTICATION_FAILED, or no connection or key for the identities. */
    AUTH_FAILED,
    /** TS_UNACCEPTABLE: the traffic selectors did not overlap the configured ones. */
    TS_UNACCEPTABLE,
    /** INTERNAL_ADDRESS_FAILURE: no pool had a virtual IP address for the peer (§3.15.4). */
    INTERNAL_ADDRESS,
    /**
     * INTERNAL_ADDRESS_FAILURE because the address that the peer's RADIUS server assigned
     * (Framed-IP-Address or Framed-IPv6-Address) is leased to another IKE SA.
     */
    ADDRESS_IN_USE,
    /** The responder required a cookie (§2.6) and the request carried no valid one. */
    COOKIE_REQUIRED,
    /** INVALID_SYNTAX, a missing payload, or an invalid key exchange value. */
    INVALID_SYNTAX,
    /** No response to our request after every retransmission, or no IKE_AUTH within the half-open timeout. */
    TIMEOUT,
    /** Deleted by the operator or by shutdown before the handshake completed. */
    TERMINATED,
    /** Any other error notify. */
    OTHER;

    private final String tag = name().toLowerCase(java.util.Locale.ROOT);

    /** Returns the lower-case name used as a metric tag, such as {@code no_proposal}. */
    public String tag() {
        return tag;
    }

    /** Returns the reason for an error notify type. */
    public static HandshakeFailure ofNotify(int notifyType) {
        return switch (notifyType) {
            case NotifyType.NO_PROPOSAL_CHOSEN -> NO_PROPOSAL;
            case NotifyType.INVALID_KE_PAYLOAD -> INVALID_KE;
            case NotifyType.AUTHENTICATION_FAILED -> AUTH_FAILED;
            case NotifyType.TS_UNACCEPTABLE -> TS_UNACCEPTABLE;
            case NotifyType.INTERNAL_ADDRESS_FAILURE -> INTERNAL_ADDRESS;
            case NotifyType.COOKIE -> COOKIE_REQUIRED;
            case NotifyType.INVALID_SYNTAX -> INVALID_SYNTAX;
            default -> OTHER;
        };
    }
}
