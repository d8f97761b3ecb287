package org.ikec.protocol.ike;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.crypto.Algorithms;
import org.ikec.protocol.crypto.IkeKeyMaterial;
import org.ikec.protocol.crypto.InvalidKeyExchangeException;
import org.ikec.protocol.crypto.KeyExchanges;
import org.ikec.protocol.crypto.SecureRandoms;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.KeyExchange;
import org.ikec.protocol.wire.Nonce;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.ProtocolId;
import org.ikec.protocol.wire.SecurityAssociation;

/**
 * The responder's half of CREATE_CHILD_SA (RFC 7296 §1.3): a new CHILD SA (§1.3.1), a CHILD SA
 * rekey named by REKEY_SA (§1.3.3), or an IKE SA rekey (§1.3.2, keys per §2.18), each with the
 * INVALID_KE_PAYLOAD answer when the peer guessed another key exchange group (§1.3).
 */
final class CreateChildSaResponder {

    private static final int NONCE_LENGTH = 32;

    private CreateChildSaResponder() {
    }

    static void respond(IkeSa sa, IkeMessage request, long nowMillis) {
        if (sa.state != IkeSa.State.ESTABLISHED) {
            refuse(sa, request, NotifyType.TEMPORARY_FAILURE, "IKE SA is " + sa.state);
            return;
        }
        Optional<SecurityAssociation> offer = request.first(SecurityAssociation.class);
        Optional<Nonce> nonce = request.first(Nonce.class);
        if (offer.isEmpty() || nonce.isEmpty()) {
            refuse(sa, request, NotifyType.INVALID_SYNTAX, "SA or Ni payload missing");
            return;
        }

        boolean ikeRekey = offer.get().proposals().stream().anyMatch(p -> p.protocolId() == ProtocolId.IKE);
        if (ikeRekey) {
            rekeyIkeSa(sa, request, offer.get(), nonce.get().data(), nowMillis);
        } else {
            createChildSa(sa, request, nonce.get().data(), nowMillis);
        }
    }

    // ---------------------------------------------------------------- CHILD SAs (§1.3.1, §1.3.3)

    private static void createChildSa(IkeSa sa, IkeMessage request, byte[] nonceI, long nowMillis) {
        Optional<Notify> rekey = request.notify(NotifyType.REKEY_SA);
        List<ChildConfig> configs = sa.connection.children();
        ChildSa rekeyed = null;
        if (rekey.isPresent()) {
            int peerInbound = ChildSaNegotiation.spiOf(rekey.get().spi());
            rekeyed = sa.children.stream().filter(c -> c.outboundSpi() == peerInbound).findFirst().orElse(null);
            if (rekeyed == null) {
                refuse(sa, request, NotifyType.CHILD_SA_NOT_FOUND,
                        "REKEY_SA names unknown SPI " + IkeSa.hex(peerInbound));
                return;
            }
            if (sa.isDeleting(rekeyed)) {
                // We are deleting this CHILD SA already (§2.25.1).
                refuse(sa, request, NotifyType.TEMPORARY_FAILURE, "CHILD SA " + IkeSa.hex(rekeyed.inboundSpi())
                        + " is being deleted");
                return;
            }
            configs = List.of(rekeyed.config());
        }

        Optional<SelectedProposal> preview = ChildSaNegotiation.preview(request, configs);
        byte[] sharedSecret = null;
        KeyExchange ourKe = null;
        if (preview.isPresent() && preview.get().keGroup() != Algorithms.NONE) {
            int group = preview.get().keGroup();
            Optional<KeyExchange> peerKe = request.first(KeyExchange.class);
            if (peerKe.isEmpty() || peerKe.get().group() != group) {
                refuseInvalidKe(sa, request, group);
                return;
            }
            org.ikec.protocol.crypto.KeyExchange exchange = KeyExchanges.create(group);
            try {
                sharedSecret = exchange.sharedSecret(peerKe.get().data());
            } catch (InvalidKeyExchangeException e) {
                refuse(sa, request, NotifyType.INVALID_SYNTAX, "invalid key exchange value: " + e.getMessage());
                return;
            }
            ourKe = new KeyExchange(group, exchange.publicValue());
        }

        byte[] nonceR = SecureRandoms.nonce(NONCE_LENGTH);
        ChildSaNegotiation.Result result = ChildSaNegotiation.respond(sa, new ChildSaNegotiation.Request(request,
                configs, ProposalSelector.KeMode.OPTIONAL, nonceI, nonceR, sharedSecret), nowMillis);
        if (sharedSecret != null) {
            Arrays.fill(sharedSecret, (byte) 0);
        }
        if (!result.accepted()) {
            sa.respond(request.header(), result.payloads());
            sa.events.childSaFailed(IkeEvents.Role.RESPONDER, HandshakeFailure.ofNotify(result.errorNotify()));
            return;
        }

        List<Payload> payloads = new ArrayList<>();
        for (Payload payload : result.payloads()) {
            payloads.add(payload);
            if (payload instanceof SecurityAssociation) {
                payloads.add(new Nonce(nonceR));
                if (ourKe != null) {
                    payloads.add(ourKe);
                }
            }
        }
        sa.respond(request.header(), payloads);
        if (rekeyed != null) {
            IkeSa.LOG.info("{} CHILD SA {} rekeyed by peer, old SPIs {} in / {} out", sa, rekeyed.name(),
                    IkeSa.hex(rekeyed.inboundSpi()), IkeSa.hex(rekeyed.outboundSpi()));
            sa.putPeerRekey(rekeyed, new IkeSa.PeerRekey(nonceI, nonceR, result.child()));
        }
        sa.addChild(result.child());
    }

    // ---------------------------------------------------------------- IKE SA rekey (§1.3.2)

    private static void rekeyIkeSa(IkeSa sa, IkeMessage request, SecurityAssociation offer, byte[] nonceI,
                                   long nowMillis) {
        Optional<SelectedProposal> selected = ProposalSelector.select(offer.proposals(),
                ProposalCache.ike(sa.connection.proposals()), ProtocolId.IKE, ProposalSelector.KeMode.REQUIRED);
        if (selected.isEmpty()) {
            List<String> connections = sa.connection == null ? List.of() : List.of(sa.connection.name());
            refuse(sa, request, NotifyType.NO_PROPOSAL_CHOSEN, "IKE SA rekey: " + ProposalRefusal.describe(
                    offer.proposals(), ProtocolId.IKE, connections, ProposalSelector.KeMode.REQUIRED));
            return;
        }
        SelectedProposal chosen = selected.get();
        if (chosen.peerSpi().length != 8) {
            refuse(sa, request, NotifyType.INVALID_SYNTAX, "the rekey proposal's SPI is not 8 bytes");
            return;
        }

        Optional<KeyExchange> peerKe = request.first(KeyExchange.class);
        if (peerKe.isEmpty() || peerKe.get().group() != chosen.keGroup()) {
            refuseInvalidKe(sa, request, chosen.keGroup());
            return;
        }
        org.ikec.protocol.crypto.KeyExchange exchange = KeyExchanges.create(chosen.keGroup());
        byte[] sharedSecret;
        try {
            sharedSecret = exchange.sharedSecret(peerKe.get().data());
        } catch (InvalidKeyExchangeException e) {
            refuse(sa, request, NotifyType.INVALID_SYNTAX, "invalid key exchange value: " + e.getMessage());
            return;
        }

        long newSpiI = java.nio.ByteBuffer.wrap(chosen.peerSpi()).getLong();
        long newSpiR = sa.spis.newIkeSpi(sa.ourSpi());
        byte[] nonceR = SecureRandoms.nonce(NONCE_LENGTH);
        IkeKeyMaterial newKeys = sa.keys.deriveRekeyed(chosen.ikeSuite(), sharedSecret, nonceI, nonceR, newSpiI, newSpiR);
        Arrays.fill(sharedSecret, (byte) 0);

        byte[] ourSpi = java.nio.ByteBuffer.allocate(8).putLong(newSpiR).array();
        sa.respond(request.header(), List.of(
                new SecurityAssociation(List.of(chosen.toWire(ourSpi))),
                new Nonce(nonceR),
                new KeyExchange(chosen.keGroup(), exchange.publicValue())));

        // The peer started the rekey, so it is the original initiator of the new IKE SA (§2.18).
        IkeSa successor = new IkeSa(sa.settings, sa.listener, sa.spis, false, newSpiI, newSpiR, chosen, newKeys,
                nonceI, nonceR, sa.local, sa.remote(), sa.natDetected, nowMillis);
        successor.startAfterRekey(sa.connection, sa.localId, sa.remoteId, nowMillis);
        sa.rekeys().peerIkeRekey = new IkeSa.PeerIkeRekey(nonceI, nonceR, successor);
        sa.handOver(successor, nowMillis);
    }

    // ---------------------------------------------------------------- refusals

    private static void refuseInvalidKe(IkeSa sa, IkeMessage request, int group) {
        IkeSa.LOG.info("{} CREATE_CHILD_SA answered with INVALID_KE_PAYLOAD, requesting group {}", sa,
                Algorithms.name(Algorithms.TYPE_KE, group, 0));
        sa.respond(request.header(), List.of(InvalidKePayload.requesting(group)));
    }

    private static void refuse(IkeSa sa, IkeMessage request, int notifyType, String reason) {
        IkeSa.LOG.info("{} CREATE_CHILD_SA refused with {}: {}", sa, NotifyType.name(notifyType), reason);
        sa.respond(request.header(), List.of(Notify.of(notifyType)));
    }
}
