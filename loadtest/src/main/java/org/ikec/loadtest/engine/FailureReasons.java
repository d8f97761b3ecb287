package org.ikec.loadtest.engine;

import org.ikec.protocol.ike.HandshakeFailure;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.wire.NotifyType;

/**
 * Names why an {@link IkeSaInitiator} failed, as the result file counts it: the error notify the
 * target refused with (NO_PROPOSAL_CHOSEN, AUTHENTICATION_FAILED, ...), {@code TIMEOUT} when
 * retransmissions ran out, or a short code for what went wrong on our side.
 */
final class FailureReasons {

    /** The reason of a handshake whose IKE SA came up without the virtual IP address requested (RFC 7296 §3.15.4). */
    static final String INTERNAL_ADDRESS_FAILURE = "INTERNAL_ADDRESS_FAILURE";

    private FailureReasons() {
    }

    static String of(IkeSaInitiator initiator) {
        if (initiator.refusedWith() != 0) {
            return NotifyType.name(initiator.refusedWith());
        }
        HandshakeFailure failure = initiator.failure().orElse(HandshakeFailure.OTHER);
        return switch (failure) {
            case NO_PROPOSAL -> "NO_PROPOSAL_CHOSEN";
            case INVALID_KE -> "INVALID_KE_PAYLOAD";
            case AUTH_FAILED -> "AUTHENTICATION_FAILED";
            case TS_UNACCEPTABLE -> "TS_UNACCEPTABLE";
            case INTERNAL_ADDRESS, ADDRESS_IN_USE -> INTERNAL_ADDRESS_FAILURE;
            case COOKIE_REQUIRED -> "COOKIE_LOOP";
            case TIMEOUT -> "TIMEOUT";
            case TERMINATED -> "TERMINATED";
            case INVALID_SYNTAX, OTHER -> "INVALID_RESPONSE";
        };
    }
}
