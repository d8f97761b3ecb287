package org.ikec.protocol.ike;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.wire.AuthMethod;
import org.ikec.protocol.wire.Authentication;
import org.ikec.protocol.wire.Identification;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.SecurityAssociation;

/**
 * The responder's half of IKE_AUTH (RFC 7296 §1.2, §2.15) with pre-shared keys: pick the
 * connection by the identities, check the peer's AUTH, send ours, and set up the first CHILD SA
 * unless the peer asked for none (RFC 6023).
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
        ConnectionConfig connection = selectConnection(sa, peerId, requestedLocalId);
        if (connection == null) {
            fail(sa, request, NotifyType.AUTHENTICATION_FAILED, "no connection matches IDi '" + peerId + "'"
                    + requestedLocalId.map(id -> " and IDr '" + id + "'").orElse(""));
            return;
        }

        if (auth.get().method() != AuthMethod.PSK) {
            fail(sa, request, NotifyType.AUTHENTICATION_FAILED, "peer '" + peerId + "' used authentication method "
                    + AuthMethod.name(auth.get().method()) + ", connection " + connection.name() + " expects psk");
            return;
        }
        IkeIdentity localId = localIdentity(sa, connection.local());
        Optional<byte[]> psk = sa.settings.secrets().sharedKey(localId, peerId);
        if (psk.isEmpty()) {
            fail(sa, request, NotifyType.AUTHENTICATION_FAILED, "no pre-shared key for '" + localId + "' - '" + peerId + "'");
            return;
        }

        byte[] peerOctets = sa.keys.signedOctets(true, sa.initRequest, sa.nonceR, idI.get().body());
        if (!sa.keys.verifySharedKeyAuthentication(psk.get(), peerOctets, auth.get().data())) {
            fail(sa, request, NotifyType.AUTHENTICATION_FAILED, "pre-shared key authentication of '" + peerId + "' failed");
            return;
        }

        sa.connection = connection;
        sa.localId = localId;
        sa.remoteId = peerId;

        Identification ourId = new Identification(false, localId.type(), localId.value());
        byte[] ourOctets = sa.keys.signedOctets(false, sa.initResponse, sa.nonceI, ourId.body());
        List<Payload> payloads = new ArrayList<>();
        payloads.add(ourId);
        payloads.add(new Authentication(AuthMethod.PSK, sa.keys.sharedKeyAuthentication(psk.get(), ourOctets)));

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

    private static ConnectionConfig selectConnection(IkeSa sa, IkeIdentity peerId, Optional<IkeIdentity> requestedLocalId) {
        for (ConnectionConfig connection : IkeSaInitResponder.candidates(sa.settings, sa.local, sa.remote)) {
            if (!AuthConfig.PSK.equals(connection.remote().method()) || !connection.remote().id().matches(peerId)) {
                continue;
            }
            IkeIdentity localId = localIdentity(sa, connection.local());
            if (requestedLocalId.isPresent() && !requestedLocalId.get().equals(localId)) {
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

    /** Returns our configured identity, or our IP address where none (or %any) is configured. */
    private static IkeIdentity localIdentity(IkeSa sa, AuthConfig local) {
        if (local.id() != null && !local.id().isAny()) {
            return local.id();
        }
        InetAddress address = sa.local.getAddress();
        byte[] bytes = address.getAddress();
        return new IkeIdentity(bytes.length == 4 ? IkeIdentity.ID_IPV4_ADDR : IkeIdentity.ID_IPV6_ADDR, bytes);
    }

    /** Responds with an error notify; an IKE SA that failed IKE_AUTH is gone (§2.21.2). */
    private static void fail(IkeSa sa, IkeMessage request, int notifyType, String reason) {
        IkeSa.LOG.warn("{} IKE_AUTH failed with {}: {}", sa, NotifyType.name(notifyType), reason);
        sa.respond(request.header(), List.of(Notify.of(notifyType)));
        sa.handshakeFailed(HandshakeFailure.ofNotify(notifyType));
        sa.close("IKE_AUTH failed: " + NotifyType.name(notifyType));
    }
}
