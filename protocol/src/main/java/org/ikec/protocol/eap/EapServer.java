package org.ikec.protocol.eap;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The authenticator's side of one EAP conversation (RFC 3748 §2, §4): it sends an Identity
 * Request unless the peer's identity is configured, runs one {@link EapMethod}, frames each Request with the
 * next Identifier, checks that every Response carries the Identifier of the last Request, and
 * ends with EAP-Success or EAP-Failure.
 *
 * <p>Known limit: one method only. {@link MsChapV2Server} ends the conversation with a Failure
 * when the peer responds with a Nak (§5.3.1) that asks for another method.
 */
public final class EapServer {

    /** The caller's next step: a message to send, or a wait for the method's backend. */
    public sealed interface Outcome {

        /** Sends this Request and waits for the peer's Response. */
        record Send(byte[] message) implements Outcome {
        }

        /** Sends this EAP-Success; {@code msk} is the method's Master Session Key. */
        record Succeeded(byte[] message, String identity, byte[] msk) implements Outcome {
            @Override
            public String toString() {
                return "Succeeded[" + identity + ", msk=" + msk.length + " bytes]";
            }
        }

        /** Sends this EAP-Failure; {@code reason} names no secret. */
        record Failed(byte[] message, String identity, String reason) implements Outcome {
        }

        /** The method waits for its backend; {@link #resume} continues the conversation. */
        record Pending() implements Outcome {
        }
    }

    private final EapMethod method;
    /** The identity to use without asking, or null to send an Identity Request. */
    private final String configuredIdentity;

    private String identity;
    private int identifier;
    private boolean identityRequested;
    private boolean finished;

    /**
     * @param configuredIdentity the peer's EAP identity when configured (swanctl's {@code eap_id}),
     *     or null to ask the peer with an Identity Request
     * @param firstIdentifier the Identifier of the first Request
     */
    public EapServer(EapMethod method, String configuredIdentity, int firstIdentifier) {
        this.method = method;
        this.configuredIdentity = configuredIdentity;
        this.identifier = firstIdentifier & 0xff;
    }

    /** Returns the method's name for logs. */
    public String methodName() {
        return method.name();
    }

    /** Returns the peer's EAP identity, or null before it is known. */
    public String identity() {
        return identity;
    }

    /** Starts the conversation: an Identity Request, or the method's first Request. */
    public Outcome start() {
        if (configuredIdentity == null) {
            identityRequested = true;
            return new Outcome.Send(EapPacket.of(EapPacket.REQUEST, identifier, EapPacket.TYPE_IDENTITY, new byte[0])
                    .encode());
        }
        identity = configuredIdentity;
        EapPacket madeUp = EapPacket.of(EapPacket.RESPONSE, identifier, EapPacket.TYPE_IDENTITY,
                identity.getBytes(StandardCharsets.UTF_8));
        return next(method.start(madeUp));
    }

    /** Processes the peer's next EAP message, which must be a Response to our last Request. */
    public Outcome process(byte[] message) {
        if (finished) {
            throw new IllegalStateException("the EAP conversation with '" + identity + "' has ended");
        }
        EapPacket response;
        try {
            response = EapPacket.decode(message);
        } catch (IllegalArgumentException e) {
            return failed("malformed EAP message: " + e.getMessage());
        }
        if (response.code() != EapPacket.RESPONSE || response.identifier() != identifier) {
            return failed("expected an EAP Response with Identifier " + identifier + ", got code " + response.code()
                    + " with Identifier " + response.identifier());
        }

        if (identityRequested) {
            identityRequested = false;
            if (response.type() != EapPacket.TYPE_IDENTITY) {
                return failed("expected an EAP Identity Response, got type " + response.type());
            }
            identity = new String(response.typeData(), StandardCharsets.UTF_8);
            return next(method.start(response));
        }
        return next(method.process(response));
    }

    /** Returns why the method rejected the peer in a Request that the peer has not responded to, or empty. */
    public Optional<String> unansweredFailure() {
        return finished ? Optional.empty() : method.unansweredFailure();
    }

    /** Continues with the step a pass-through backend decided after a {@link Outcome.Pending}. */
    public Outcome resume(EapStep decided) {
        return next(decided);
    }

    private Outcome next(EapStep step) {
        if (step instanceof EapStep.Request request) {
            identifier = (identifier + 1) & 0xff;
            return new Outcome.Send(EapPacket.of(EapPacket.REQUEST, identifier, method.type(), request.typeData())
                    .encode());
        }
        if (step instanceof EapStep.Relay relay) {
            identifier = relay.request().identifier();
            return new Outcome.Send(relay.request().encode());
        }
        if (step instanceof EapStep.Success success) {
            finished = true;
            return new Outcome.Succeeded(EapPacket.outcome(true, identifier).encode(), identity, success.msk());
        }
        if (step instanceof EapStep.Failure failure) {
            return failed(failure.reason());
        }
        return new Outcome.Pending();
    }

    private Outcome failed(String reason) {
        finished = true;
        return new Outcome.Failed(EapPacket.outcome(false, identifier).encode(), identity, reason);
    }
}
