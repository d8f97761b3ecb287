package org.ikec.protocol.ike;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.vip.LeaseAnswer;
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
 * (RFC 7427). A request without AUTH starts the EAP rounds of {@link EapRound}. It picks the
 * connection by the identities and the peer's AUTH method, checks the peer's AUTH and sends ours.
 * Then it sets up the first CHILD SA unless the peer requested none (RFC 6023).
 *
 * <p>When the peer's CFG_REQUEST asks for virtual IP addresses on a connection with pools (§2.19),
 * the response waits until the IKE SA's owner replies to the lease request. It then carries the
 * CFG_REPLY, and the first CHILD SA's TSi is narrowed to the leased addresses. With no address at
 * all, the IKE SA is established without a CHILD SA and the response carries
 * INTERNAL_ADDRESS_FAILURE (§3.10.1).
 */
final class IkeAuthResponder {

    /**
     * The IKE_AUTH response that waits for the owner's lease reply.
     *
     * @param payloads the response's IDr, CERT and AUTH payloads, already computed
     */
    record PendingAuth(IkeMessage request, List<Payload> payloads, AddressRequest addresses) {

        PendingAuth {
            payloads = List.copyOf(payloads);
        }
    }

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
            EapRound.begin(sa, request, idI.get(), idR, nowMillis);
            return;
        }

        IkeIdentity peerId = new IkeIdentity(idI.get().idType(), idI.get().data());
        Optional<IkeIdentity> requestedLocalId = idR.map(id -> new IkeIdentity(id.idType(), id.data()));
        int authMethod = auth.get().method();
        ConnectionConfig connection = selectConnection(sa, peerId, requestedLocalId,
                remote -> AuthenticationRound.accepts(remote, authMethod));
        if (connection == null) {
            fail(sa, request, NotifyType.AUTHENTICATION_FAILED, "no connection matches IDi '" + peerId + "'"
                    + requestedLocalId.map(id -> " and IDr '" + id + "'").orElse("") + " with AUTH method "
                    + AuthMethod.name(auth.get().method()));
            return;
        }

        IkeIdentity localId = AuthenticationRound.localIdentity(connection.local(), sa.local);
        byte[] peerOctets = sa.keys.signedOctets(true, sa.initRequest, sa.nonceR, idI.get().body());
        AuthenticationRound.PeerCheck check = AuthenticationRound.verifyPeer(connection.remote(),
                sa.settings.secrets(), sa.keys, localId, peerId, request, auth.get(), peerOctets, nowMillis);
        if (check.isRejected()) {
            fail(sa, request, NotifyType.AUTHENTICATION_FAILED, check.rejection());
            return;
        }
        sa.peerSignatureKey = check.signatureKey();

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

        finish(sa, request, payloads, nowMillis);
    }

    /**
     * Requests the virtual IP addresses that the request's CFG_REQUEST names from the owner, or
     * else completes IKE_AUTH at once. The peer is authenticated and {@code sa.connection} is set.
     * After EAP, {@code request} has the final request's header and the first request's payloads.
     */
    static void finish(IkeSa sa, IkeMessage request, List<Payload> payloads, long nowMillis) {
        Optional<AddressRequest> addresses = sa.connection.pools().isEmpty()
                ? Optional.empty() : AddressRequest.of(request);
        if (addresses.isPresent()) {
            sa.awaitAddresses(new PendingAuth(request, payloads, addresses.get()), sa.connection.pools());
            return;
        }
        complete(sa, request, payloads, nowMillis);
    }

    /**
     * Completes IKE_AUTH with the owner's lease reply: with a CFG_REPLY when any address was
     * leased, else established without a CHILD SA and with INTERNAL_ADDRESS_FAILURE.
     */
    static void addressesLeased(IkeSa sa, PendingAuth pending, LeaseAnswer answer, long nowMillis) {
        List<Payload> payloads = new ArrayList<>(pending.payloads());
        if (answer.leases().isEmpty()) {
            IkeSa.LOG.warn("{} no virtual IP address for '{}' at {} from pools {}: {}; the IKE SA is established"
                            + " without a CHILD SA", sa, sa.remoteId, sa.remote(), sa.connection.pools(),
                    answer.failure());
            payloads.add(Notify.of(NotifyType.INTERNAL_ADDRESS_FAILURE));
            sa.respond(pending.request().header(), payloads);
            sa.established(nowMillis);
            if (pending.request().first(SecurityAssociation.class).isPresent()) {
                sa.events.childSaFailed(IkeEvents.Role.RESPONDER, answer.assignedAddressInUse()
                        ? HandshakeFailure.ADDRESS_IN_USE : HandshakeFailure.INTERNAL_ADDRESS);
            }
            return;
        }

        sa.holdLeases(answer.leases());
        if (answer.failure() != null) {
            IkeSa.LOG.info("{} leased only {} to '{}': {}", sa, answer.leases(), sa.remoteId, answer.failure());
        }
        List<TrafficSelectorSpec> protectedSubnets = sa.connection.children().stream()
                .flatMap(child -> child.localTs().stream()).toList();
        payloads.add(pending.addresses().reply(answer.leases(), sa.settings, protectedSubnets));
        complete(sa, pending.request(), payloads, nowMillis);
    }

    /** Negotiates the first CHILD SA, sends the response and establishes the IKE SA. */
    private static void complete(IkeSa sa, IkeMessage request, List<Payload> payloads, long nowMillis) {
        ChildSaNegotiation.Result child = null;
        if (request.first(SecurityAssociation.class).isPresent()) {
            child = ChildSaNegotiation.respond(sa, new ChildSaNegotiation.Request(request, sa.connection.children(),
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

    /**
     * Returns the first connection whose remote round {@code acceptsRemote} takes, whose remote
     * identity matches {@code peerId}, whose local identity is the one the peer asked for, and
     * whose proposals allow the IKE SA's; null when none does.
     */
    static ConnectionConfig selectConnection(IkeSa sa, IkeIdentity peerId, Optional<IkeIdentity> requestedLocalId,
                                             Predicate<AuthConfig> acceptsRemote) {
        for (ConnectionConfig connection : IkeSaInitResponder.candidates(sa.settings, sa.local, sa.remote())) {
            if (!acceptsRemote.test(connection.remote()) || !connection.remote().id().matches(peerId)) {
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
