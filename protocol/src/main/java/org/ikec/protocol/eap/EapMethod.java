package org.ikec.protocol.eap;

import java.util.Optional;

/**
 * The authenticator's side of one EAP method (RFC 3748 §5), after the peer's identity is known.
 * The method gets the peer's whole Response packets, so a pass-through method can relay them. A
 * method that decides locally returns a {@link EapStep.Request}, which {@link EapServer} frames
 * and numbers, or a {@link EapStep.Success} or {@link EapStep.Failure}, at once. A pass-through
 * method returns {@link EapStep.Pending}, and its backend's step, often a
 * {@link EapStep.Relay}, arrives later through {@link EapServer#resume}.
 */
public interface EapMethod {

    /** Returns the EAP Type number of the method. */
    int type();

    /** Returns the method's name for logs, such as {@code EAP-MSCHAPv2}. */
    String name();

    /**
     * Starts the method with the peer's Identity Response. With a configured identity the
     * response is made up, with the Identifier of a Request that was never sent.
     */
    EapStep start(EapPacket identityResponse);

    /**
     * Processes the peer's Response to the method's last Request. Its Identifier is checked; its
     * Type may be a Nak (RFC 3748 §5.3) or any other.
     */
    EapStep process(EapPacket response);

    /**
     * Returns why the method rejected the peer in a Request that the peer has not responded to yet,
     * such as an MS-CHAPv2 Failure Request, or empty when there is none.
     */
    default Optional<String> unansweredFailure() {
        return Optional.empty();
    }
}
