package org.ikec.protocol.eap;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.ikec.protocol.radius.AccessRequest;
import org.ikec.protocol.radius.RadiusAnswer;
import org.ikec.protocol.radius.RadiusCode;

/**
 * EAP pass-through to a RADIUS server (RFC 3579 §2.1), as strongSwan's eap-radius plugin does:
 * every EAP Response of the peer goes out in an Access-Request, and the server runs the EAP
 * method. An Access-Challenge relays the server's EAP Request to the peer, an Access-Accept ends
 * with EAP-Success and the MSK from MS-MPPE-Recv-Key and MS-MPPE-Send-Key (RFC 2548 §2.4), and an
 * Access-Reject or no response from any server ends with EAP-Failure.
 *
 * <p>Each Access-Request carries User-Name (the EAP identity), Calling-Station-Id (the peer's
 * address), NAS-Identifier, the State of the last Access-Challenge (RFC 2865 §5.24) and the
 * EAP-Message attributes; the transport adds Message-Authenticator (RFC 3579 §3.2). Every
 * {@link #start} and {@link #process} returns {@link EapStep.Pending}, and the server's decision
 * arrives through the {@code decided} callback on the transport's thread.
 *
 * <p>Known limit: an Access-Accept without MPPE keys fails, because IKEv2 needs an MSK for the
 * final AUTH payloads (RFC 7296 §2.16).
 */
public final class RadiusEapMethod implements EapMethod {

    /** Sends an Access-Request and completes with the verified response. */
    @FunctionalInterface
    public interface Transport {
        CompletionStage<RadiusAnswer> send(AccessRequest request);
    }

    private final Transport transport;
    private final String nasIdentifier;
    private final String callingStationId;
    private final Consumer<EapStep> decided;

    /** The EAP identity, the User-Name of every Access-Request. */
    private volatile String userName;
    /** The State of the last Access-Challenge, echoed in the next Access-Request, or null. */
    private volatile byte[] state;
    /** The Framed-IP-Address of the Access-Accept, or null. */
    private volatile Inet4Address framedIpAddress;
    /** The Framed-IPv6-Address of the Access-Accept, or null. */
    private volatile Inet6Address framedIpv6Address;

    /**
     * @param callingStationId the peer's IP address in text form
     * @param decided receives the step for each Access-Request once the server responded or
     *     every server timed out
     */
    public RadiusEapMethod(Transport transport, String nasIdentifier, String callingStationId,
                           Consumer<EapStep> decided) {
        this.transport = transport;
        this.nasIdentifier = nasIdentifier;
        this.callingStationId = callingStationId;
        this.decided = decided;
    }

    /** Returns 0: the RADIUS server picks the method, and {@link EapStep.Relay} carries its Type. */
    @Override
    public int type() {
        return 0;
    }

    @Override
    public String name() {
        return "EAP-RADIUS";
    }

    /** Returns the Framed-IP-Address of the Access-Accept, once the server accepted the peer. */
    public Optional<Inet4Address> framedIpAddress() {
        return Optional.ofNullable(framedIpAddress);
    }

    /** Returns the Framed-IPv6-Address (RFC 6911 §3.1) of the Access-Accept, once the server accepted the peer. */
    public Optional<Inet6Address> framedIpv6Address() {
        return Optional.ofNullable(framedIpv6Address);
    }

    @Override
    public EapStep start(EapPacket identityResponse) {
        userName = new String(identityResponse.typeData(), StandardCharsets.UTF_8);
        return forward(identityResponse);
    }

    @Override
    public EapStep process(EapPacket response) {
        return forward(response);
    }

    private EapStep forward(EapPacket response) {
        AccessRequest.Builder request = AccessRequest.builder()
                .userName(userName)
                .nasIdentifier(nasIdentifier)
                .callingStationId(callingStationId);
        byte[] lastState = state;
        if (lastState != null) {
            request.state(lastState);
        }
        request.eapMessage(response.encode());

        transport.send(request.build()).whenComplete((answer, failure) ->
                decided.accept(failure == null ? decide(answer) : failed(failure)));
        return new EapStep.Pending();
    }

    private EapStep decide(RadiusAnswer answer) {
        if (answer.code() == RadiusCode.ACCESS_CHALLENGE) {
            return challenged(answer);
        }
        if (answer.code() == RadiusCode.ACCESS_REJECT) {
            return new EapStep.Failure("RADIUS Access-Reject for '" + userName + "'");
        }
        if (answer.msk().isEmpty()) {
            return new EapStep.Failure("RADIUS Access-Accept for '" + userName
                    + "' carries no MS-MPPE keys, so there is no MSK for the AUTH payloads");
        }

        framedIpAddress = answer.framedIpAddress().orElse(null);
        framedIpv6Address = answer.framedIpv6Address().orElse(null);
        return new EapStep.Success(answer.msk().get());
    }

    private EapStep challenged(RadiusAnswer answer) {
        if (answer.eapMessage().isEmpty()) {
            return new EapStep.Failure("RADIUS Access-Challenge carries no EAP-Message");
        }
        EapPacket request;
        try {
            request = EapPacket.decode(answer.eapMessage().get());
        } catch (IllegalArgumentException e) {
            return new EapStep.Failure("RADIUS Access-Challenge carries a malformed EAP message: " + e.getMessage());
        }
        if (request.code() != EapPacket.REQUEST) {
            return new EapStep.Failure("RADIUS Access-Challenge carries EAP code " + request.code()
                    + " instead of a Request");
        }

        state = answer.state().orElse(null);
        return new EapStep.Relay(request);
    }

    private static EapStep failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return new EapStep.Failure("RADIUS request failed: " + cause.getMessage());
    }
}
