package org.ikec.protocol.ike;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.wire.AuthMethod;
import org.ikec.protocol.wire.Authentication;
import org.ikec.protocol.wire.CertificateRequest;
import org.ikec.protocol.wire.Identification;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.SecurityAssociation;

/**
 * The responder's half of IKE_AUTH (RFC 7296 §1.2, §2.15) with pre-shared keys or certificates
 * (RFC 7427). It picks the connection by the identities and the peer's AUTH method, checks the
 * peer's AUTH and sends ours. Then it sets up the first CHILD SA unless the peer requested none
 * (RFC 6023).
 */
final class IkeAuthResponder {

    private IkeAuthResponder() {
    }

    static void respond(IkeSa sa, IkeMessage request, long nowMillis) {
        Optional<Identification> idI = identification(request, true);
        Optional<Identification> idR = identification(request, false);
        Optional<Authentication> auth = request.first(Authentication.class);
        if (idI.isEmpty()) {
            fail(sa, request, NotifyType.INVALID_SYNTAX, "IDi payload missing");
            return;
        }
        if (auth.isEmpty()) {
            // TODO(eap): EAP authentication (RFC 7296 §2.16) is not implemented; such peers are refused.
            fail(sa, request, NotifyType.AUTHENTICATION_FAILED, "no AUTH payload: EAP is not supported");
            return;
        }

        IkeIdentity peerId = new IkeIdentity(idI.get().idType(), idI.get().data());
        Optional<IkeIdentity> requestedLocalId = idR.map(id -> new IkeIdentity(id.idType(), id.data()));
        ConnectionConfig connection = selectConnection(sa, peerId, requestedLocalId, auth.get().method());
        if (connection == null) {
            fail(sa, request, NotifyType.AUTHENTICATION_FAILED, "no connection matches IDi '" + peerId + "'"
                    + requestedLocalId.map(id -> " and IDr '" + id + "'").orElse("") + " with AUTH method "
                    + AuthMethod.name(auth.get().method()));
            return;
        }

        IkeIdentity localId = AuthenticationRound.localIdentity(connection.local(), sa.local);
        byte[] peerOctets = sa.keys.signedOctets(true, sa.initRequest, sa.nonceR, idI.get().body());
        Optional<String> rejection = AuthenticationRound.verifyPeer(connection.remote(), sa.settings.secrets(), sa.keys,
                localId, peerId, request, auth.get(), peerOctets, nowMillis);
        if (rejection.isPresent()) {
            fail(sa, request, NotifyType.AUTHENTICATION_FAILED, rejection.get());
            return;
        }

        Identification ourId = new Identification(false, localId.type(), localId.value());
        byte[] ourOctets = sa.keys.signedOctets(false, sa.initResponse, sa.nonceI, ourId.body());
        List<Payload> payloads = new ArrayList<>();
        payloads.add(ourId);
        try {
            payloads.addAll(AuthenticationRound.ourPayloads(connection.local(), sa.settings.secrets(), sa.keys, localId,
                    peerId, AuthenticationRound.announcedHashes(sa.initRequest),
                    request.all(CertificateRequest.class), ourOctets));
        } catch (IllegalArgumentException e) {
            fail(sa, request, NotifyType.AUTHENTICATION_FAILED, "cannot authenticate as '" + localId + "': "
                    + e.getMessage());
            return;
        }
        sa.connection = connection;
        sa.localId = localId;
        sa.remoteId = peerId;

        ChildSaNegotiation.Result child = null;
        if (request.first(SecurityAssociation.class).isPresent()) {
            child = ChildSaNegotiation.respond(sa, new ChildSaNegotiation.Request(request, connection.children(),
                    ProposalSelector.KeMode.IGNORED, sa.nonceI, sa.nonceR, null), nowMillis);
            payloads.addAll(child.payloads());
        }

        sa.respond(request.header(), payloads);
        sa.established(nowMillis);
        if (child != null && child.accepted()) {
            sa.addChild(child.child());
        } else if (child != null) {
            sa.events.childSaFailed(IkeEvents.Role.RESPONDER, HandshakeFailure.ofNotify(child.errorNotify()));
        }
    }

    private static Optional<Identification> identification(IkeMessage message, boolean initiator) {
        return message.all(Identification.class).stream().filter(id -> id.initiator() == initiator).findFirst();
    }

    private static ConnectionConfig selectConnection(IkeSa sa, IkeIdentity peerId, Optional<IkeIdentity> requestedLocalId,
                                                     int authMethod) {
        for (ConnectionConfig connection : IkeSaInitResponder.candidates(sa.settings, sa.local, sa.remote)) {
            if (!AuthenticationRound.accepts(connection.remote(), authMethod) || !connection.remote().id().matches(peerId)) {
                continue;
            }
            IkeIdentity localId = AuthenticationRound.localIdentity(connection.local(), sa.local);
            if (requestedLocalId.isPresent() && !localId.matches(requestedLocalId.get())) {
                continue;
            }
            boolean proposalAllowed = ProposalSelector.select(List.of(sa.proposal.toWire(new byte[0])),
                    ProposalCache.ike(connection.proposals()), sa.proposal.protocolId(),
                    ProposalSelector.KeMode.REQUIRED).isPresent();
            if (proposalAllowed) {
                return connection;
            }
        }
        return null;
    }

    /** Responds with an error notify; an IKE SA that failed IKE_AUTH is gone (§2.21.2). */
    private static void fail(IkeSa sa, IkeMessage request, int notifyType, String reason) {
        IkeSa.LOG.warn("{} IKE_AUTH failed with {}: {}", sa, NotifyType.name(notifyType), reason);
        sa.respond(request.header(), List.of(Notify.of(notifyType)));
        sa.handshakeFailed(HandshakeFailure.ofNotify(notifyType));
        sa.close("IKE_AUTH failed: " + NotifyType.name(notifyType));
    }
}
