package org.ikec.protocol.eap;

import java.util.Optional;

/**
 * The authenticator's side of one EAP method (RFC 3748 §5), after the peer's identity is known.
 * The method handles only its own type data, and {@link EapServer} frames and numbers the packets.
 * A method that decides locally returns a {@link EapStep.Request}, {@link EapStep.Success} or
 * {@link EapStep.Failure} at once. A pass-through method returns {@link EapStep.Pending}, and its
 * backend's step arrives later through {@link EapServer#resume}.
 */
public interface EapMethod {

    /** Returns the EAP Type number of the method. */
    int type();

    /** Returns the method's name for logs, such as {@code EAP-MSCHAPv2}. */
    String name();

    /** Starts the method for the peer's EAP identity (its Identity response, or the configured one). */
    EapStep start(String identity);

    /** Processes the type data of the peer's Response to the method's last Request. */
    EapStep process(byte[] typeData);

    /**
     * Returns why the method rejected the peer in a Request that the peer has not responded to yet,
     * such as an MS-CHAPv2 Failure Request, or empty when there is none.
     */
    default Optional<String> unansweredFailure() {
        return Optional.empty();
    }
}
