package org.ikec.protocol.ike;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.crypto.SecureRandoms;
import org.ikec.protocol.eap.EapMethod;
import org.ikec.protocol.eap.EapServer;
import org.ikec.protocol.eap.EapStep;
import org.ikec.protocol.wire.AuthMethod;
import org.ikec.protocol.wire.Authentication;
import org.ikec.protocol.wire.CertificateRequest;
import org.ikec.protocol.wire.Eap;
import org.ikec.protocol.wire.Identification;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;

/**
 * The responder's EAP rounds of IKE_AUTH (RFC 7296 §2.16), where we authenticate with our own
 * AUTH method (usually a certificate) and the peer with the EAP method that
 * {@link IkeSaListener#eapMethod} creates:
 *
 * <pre>
 * HDR, SK {IDi, [CERTREQ,] [IDr,] SAi2, TSi, TSr}  -->
 *                      <--  HDR, SK {IDr, [CERT,] AUTH, EAP}
 * HDR, SK {EAP}  -->                                          (repeated)
 *                      <--  HDR, SK {EAP (Request or Success)}
 * HDR, SK {AUTH}  -->
 *                      <--  HDR, SK {AUTH, [CP(CFG_REPLY),] SAr2, TSi, TSr}
 * </pre>
 *
 * Both final AUTH payloads are shared-key MICs keyed with the MSK. SAi2, TSi, TSr and a
 * CFG_REQUEST come from the first request, and virtual IP addresses are leased as without EAP. Each round is one exchange with the next message ID, so {@link IkeSa}
 * sends its cached response when the peer retransmits a round. While a pass-through method waits
 * for its backend, the round's request gets no response and its retransmissions are dropped.
 *
 * <p>NOTE: the EAP conversation is not part of {@link IkeSaState}. An IKE SA exported in the
 * middle of it responds to the peer's next round with AUTHENTICATION_FAILED in the process that
 * restores it ({@link #interrupted}), and the client connects again. Exporting the method's state
 * (the MS-CHAPv2 challenge, the RADIUS State, the TLS session) would let the conversation go on.
 */
final class EapRound {

    private final ConnectionConfig connection;
    private final IkeIdentity localId;
    private final IkeIdentity peerId;
    /** IDi as the peer sent it, covered by its final AUTH. */
    private final Identification idI;
    /** The first IKE_AUTH request, whose SAi2, TSi and TSr make the first CHILD SA. */
    private final IkeMessage firstRequest;
    private final EapServer server;
    /** The Master Session Key once EAP succeeded, wiped after the final AUTH payloads. */
    private byte[] msk;
    /** The request whose response waits for the method's backend, or null. */
    private IkeMessage waiting;
    /** IDr, CERT and our AUTH until the first response carries them; then empty. */
    private List<Payload> firstPayloads = List.of();

    private EapRound(ConnectionConfig connection, IkeIdentity localId, IkeIdentity peerId, Identification idI,
                     IkeMessage firstRequest, EapServer server) {
        this.connection = connection;
        this.localId = localId;
        this.peerId = peerId;
        this.idI = idI;
        this.firstRequest = firstRequest;
        this.server = server;
    }

    /** Responds to the first IKE_AUTH request, which has no AUTH payload, with our AUTH and the first EAP Request. */
    static void begin(IkeSa sa, IkeMessage request, Identification idI, Optional<Identification> idR,
                      long nowMillis) {
        IkeIdentity peerId = new IkeIdentity(idI.idType(), idI.data());
        Optional<IkeIdentity> requestedLocalId = idR.map(id -> new IkeIdentity(id.idType(), id.data()));
        ConnectionConfig connection = IkeAuthResponder.selectConnection(sa, peerId, requestedLocalId,
                AuthConfig::usesEap);
        if (connection == null) {
            fail(sa, request, List.of(), "no AUTH payload and no EAP connection matches IDi '" + peerId + "'"
                    + requestedLocalId.map(id -> " and IDr '" + id + "'").orElse(""));
            return;
        }

        IkeIdentity localId = AuthenticationRound.localIdentity(connection.local(), sa.local);
        Identification ourId = new Identification(false, localId.type(), localId.value());
        byte[] ourOctets = sa.keys.signedOctets(false, sa.initResponse, sa.nonceI, ourId.body());
        List<Payload> ourAuth;
        try {
            ourAuth = AuthenticationRound.ourPayloads(connection.local(), sa.settings.secrets(), sa.keys, localId,
                    peerId, AuthenticationRound.announcedHashes(sa.initRequest),
                    request.all(CertificateRequest.class), ourOctets);
        } catch (IllegalArgumentException e) {
            fail(sa, request, List.of(), "cannot authenticate as '" + localId + "': " + e.getMessage());
            return;
        }

        String eapId = connection.remote().eapId();
        EapMethod method;
        try {
            method = sa.listener.eapMethod(connection, sa.settings.secrets());
        } catch (IllegalArgumentException e) {
            fail(sa, request, List.of(), "cannot start EAP with '" + peerId + "': " + e.getMessage());
            return;
        }
        EapServer server = new EapServer(method, eapId.equals(AuthConfig.ANY_EAP_ID) ? null : eapId,
                SecureRandoms.nonce(1)[0]);
        EapRound round = new EapRound(connection, localId, peerId, idI, request, server);
        List<Payload> firstPayloads = new ArrayList<>();
        firstPayloads.add(ourId);
        firstPayloads.addAll(ourAuth);
        round.firstPayloads = firstPayloads;
        sa.eapRound = round;
        IkeSa.LOG.debug("{} '{}' authenticates with {}, EAP identity {}", sa, peerId, server.methodName(),
                eapId.equals(AuthConfig.ANY_EAP_ID) ? "requested" : "'" + eapId + "'");
        round.finishEap(sa, request, server.start());
    }

    /**
     * Ends IKE_AUTH of an IKE SA that was restored in the middle of its EAP rounds, whose state
     * stayed in the process that exported it.
     */
    static void interrupted(IkeSa sa, IkeMessage request) {
        fail(sa, request, List.of(), "the EAP conversation did not move with the IKE SA to this node;"
                + " the client has to connect again");
    }

    /** Handles the next IKE_AUTH request: an EAP Response, or the final AUTH once EAP succeeded. */
    void receive(IkeSa sa, IkeMessage request, long nowMillis) {
        if (waiting != null) {
            IkeSa.LOG.debug("{} dropped IKE_AUTH request {}: the EAP backend has not decided request {} yet", sa,
                    request.header().messageId(), waiting.header().messageId());
            return;
        }
        if (msk != null) {
            finalAuthentication(sa, request, nowMillis);
            return;
        }
        Optional<Eap> eap = request.first(Eap.class);
        if (eap.isEmpty()) {
            fail(sa, request, List.of(), "IKE_AUTH request of '" + peerId + "' lacks the EAP payload");
            return;
        }
        finishEap(sa, request, server.process(eap.get().message()));
    }

    /**
     * Ends the EAP rounds when the peer gives up with an INFORMATIONAL request, as strongSwan 5.9
     * does with N(AUTHENTICATION_FAILED) after an MS-CHAPv2 Failure Request in place of its
     * acknowledgement. The response is an empty INFORMATIONAL response.
     */
    void peerEnded(IkeSa sa, IkeMessage request) {
        String notifies = request.notifies().stream().map(n -> NotifyType.name(n.notifyType()))
                .collect(java.util.stream.Collectors.joining(", "));
        String reason = server.unansweredFailure().map(failure -> server.methodName() + " failed: " + failure)
                .orElse("EAP did not complete");
        IkeSa.LOG.warn("{} IKE_AUTH failed with AUTHENTICATION_FAILED: {}; the peer ended IKE_AUTH with an"
                + " INFORMATIONAL request [{}]", sa, reason, notifies);
        wipeMsk();
        sa.eapRound = null;

        sa.respond(request.header(), List.of());
        sa.handshakeFailed(HandshakeFailure.AUTH_FAILED);
        sa.close("IKE_AUTH failed: the peer ended EAP");
    }

    /** Continues with the step the method's backend decided for the request that waits for it. */
    void resume(IkeSa sa, EapStep decided) {
        if (waiting == null) {
            IkeSa.LOG.debug("{} dropped an EAP backend step: no IKE_AUTH request waits for one", sa);
            return;
        }
        IkeMessage request = waiting;
        waiting = null;
        finishEap(sa, request, server.resume(decided));
    }

    /** Sends what the EAP outcome calls for. The first response also carries IDr, CERT and our AUTH. */
    private void finishEap(IkeSa sa, IkeMessage request, EapServer.Outcome outcome) {
        if (outcome instanceof EapServer.Outcome.Pending) {
            waiting = request;
            IkeSa.LOG.debug("{} IKE_AUTH request {} waits for the {} backend", sa, request.header().messageId(),
                    server.methodName());
            return;
        }
        if (outcome instanceof EapServer.Outcome.Failed failed) {
            fail(sa, request, List.of(new Eap(failed.message())), server.methodName() + " failed: " + failed.reason());
            return;
        }

        List<Payload> payloads = new ArrayList<>(firstPayloads);
        firstPayloads = List.of();
        if (outcome instanceof EapServer.Outcome.Send send) {
            payloads.add(new Eap(send.message()));
        } else if (outcome instanceof EapServer.Outcome.Succeeded succeeded) {
            msk = succeeded.msk();
            IkeSa.LOG.debug("{} EAP identity '{}' authenticated with {}", sa, succeeded.identity(),
                    server.methodName());
            payloads.add(new Eap(succeeded.message()));
        }
        sa.respond(request.header(), payloads);
    }

    /** Checks the peer's AUTH keyed with the MSK and sends ours with the first CHILD SA (§2.16). */
    private void finalAuthentication(IkeSa sa, IkeMessage request, long nowMillis) {
        Optional<Authentication> auth = request.first(Authentication.class);
        if (auth.isEmpty() || auth.get().method() != AuthMethod.PSK) {
            fail(sa, request, List.of(), "'" + peerId + "' sent no shared-key AUTH payload after EAP succeeded");
            return;
        }
        byte[] peerOctets = sa.keys.signedOctets(true, sa.initRequest, sa.nonceR, idI.body());
        if (!sa.keys.verifySharedKeyAuthentication(msk, peerOctets, auth.get().data())) {
            fail(sa, request, List.of(), "AUTH of '" + peerId + "' does not match the MSK of EAP identity '"
                    + server.identity() + "'");
            return;
        }

        Identification ourId = new Identification(false, localId.type(), localId.value());
        byte[] ourOctets = sa.keys.signedOctets(false, sa.initResponse, sa.nonceI, ourId.body());
        List<Payload> payloads = new ArrayList<>();
        payloads.add(new Authentication(AuthMethod.PSK, sa.keys.sharedKeyAuthentication(msk, ourOctets)));
        wipeMsk();
        sa.eapRound = null;
        sa.connection = connection;
        sa.localId = localId;
        sa.remoteId = peerId;

        // SAi2, TSi, TSr and CP came with the first request (§2.16); the response replies to this one.
        IkeAuthResponder.finish(sa, new IkeMessage(request.header(), firstRequest.payloads()), payloads, nowMillis);
    }

    private void wipeMsk() {
        if (msk != null) {
            Arrays.fill(msk, (byte) 0);
            msk = null;
        }
    }

    /**
     * Responds with {@code before} (an EAP-Failure, when EAP failed) and AUTHENTICATION_FAILED, and
     * closes the IKE SA, counted as an authentication failure.
     */
    private static void fail(IkeSa sa, IkeMessage request, List<Payload> before, String reason) {
        IkeSa.LOG.warn("{} IKE_AUTH failed with AUTHENTICATION_FAILED: {}", sa, reason);
        if (sa.eapRound != null) {
            sa.eapRound.wipeMsk();
            sa.eapRound = null;
        }

        List<Payload> payloads = new ArrayList<>(before);
        payloads.add(Notify.of(NotifyType.AUTHENTICATION_FAILED));
        sa.respond(request.header(), payloads);
        sa.handshakeFailed(HandshakeFailure.AUTH_FAILED);
        sa.close("IKE_AUTH failed: AUTHENTICATION_FAILED");
    }
}
