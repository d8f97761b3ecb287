package org.ikec.protocol.ike;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.crypto.Algorithms;
import org.ikec.protocol.crypto.ChildKeys;
import org.ikec.protocol.crypto.IkeKeyMaterial;
import org.ikec.protocol.crypto.InvalidKeyExchangeException;
import org.ikec.protocol.crypto.KeyExchanges;
import org.ikec.protocol.crypto.ProposalSpec;
import org.ikec.protocol.crypto.SecureRandoms;
import org.ikec.protocol.crypto.TransformId;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.KeyExchange;
import org.ikec.protocol.wire.Nonce;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.ProtocolId;
import org.ikec.protocol.wire.SecurityAssociation;
import org.ikec.protocol.wire.TrafficSelector;
import org.ikec.protocol.wire.TrafficSelectors;

/**
 * The CREATE_CHILD_SA requests we start (RFC 7296 §1.3): a CHILD SA rekey when its lifetime
 * runs out (§1.3.3, §2.8) and an IKE SA rekey (§1.3.2, §2.18), each settling a collision with
 * a rekey the peer started at the same time by the lowest of the four nonces (§2.8.1, §2.8.2).
 */
final class CreateChildSaInitiator {

    private static final int NONCE_LENGTH = 32;
    private static final int MAX_GROUP_RETRIES = 1;

    private CreateChildSaInitiator() {
    }

    /** Returns whether {@code candidate} is the lowest of the four nonces of two crossing exchanges. */
    static boolean lowestOf(byte[] candidate, byte[]... others) {
        for (byte[] other : others) {
            if (Arrays.compareUnsigned(candidate, other) > 0) {
                return false;
            }
        }
        return true;
    }

    private static int groupOf(List<ProposalSpec> proposals) {
        for (ProposalSpec spec : proposals) {
            for (TransformId transform : spec.transforms()) {
                if (transform.type() == Algorithms.TYPE_KE && transform.id() != Algorithms.NONE) {
                    return transform.id();
                }
            }
        }
        return Algorithms.NONE;
    }

    private static Optional<Notify> errorOf(IkeMessage response) {
        return response.notifies().stream().filter(n -> NotifyType.isError(n.notifyType())).findFirst();
    }

    // ------------------------------------------------------------------ CHILD SA rekey (§1.3.3)

    /** Rekeys one CHILD SA: a new pair with the same traffic selectors, then a DELETE of the old one. */
    static final class RekeyChildSa implements OwnRequest {

        private final ChildSa old;
        private final int groupRetries;
        private final RekeyOutcome.Once whenDone;
        private int group;
        private byte[] nonceI;
        private org.ikec.protocol.crypto.KeyExchange ourKe;
        private int newInboundSpi;

        RekeyChildSa(ChildSa old) {
            this(old, RekeyOutcome.Once.none());
        }

        /** Rekeys {@code old} and reports how it ended to {@code whenDone}. */
        RekeyChildSa(ChildSa old, RekeyOutcome.Once whenDone) {
            this(old, groupOf(ProposalCache.esp(old.config().espProposals())), 0, whenDone);
        }

        private RekeyChildSa(ChildSa old, int group, int groupRetries, RekeyOutcome.Once whenDone) {
            this.old = old;
            this.group = group;
            this.groupRetries = groupRetries;
            this.whenDone = whenDone;
        }

        private void failed(String reason) {
            whenDone.accept(new RekeyOutcome.Failed(reason));
        }

        @Override
        public int exchangeType() {
            return ExchangeType.CREATE_CHILD_SA;
        }

        @Override
        public List<Payload> build(IkeSa sa, long nowMillis) {
            if (!sa.children.contains(old) || sa.state != IkeSa.State.ESTABLISHED) {
                sa.childSettled(old);
                failed("the CHILD SA or its IKE SA went away before the rekey request was sent");
                return null;
            }
            ChildConfig config = old.config();
            nonceI = SecureRandoms.nonce(NONCE_LENGTH);
            newInboundSpi = sa.spis.newChildSpi();

            List<Payload> payloads = new ArrayList<>();
            payloads.add(new Notify(ProtocolId.ESP, ChildSaNegotiation.spiBytes(old.inboundSpi()), NotifyType.REKEY_SA,
                    new byte[0]));
            if (old.transportMode()) {
                payloads.add(Notify.of(NotifyType.USE_TRANSPORT_MODE));
            }
            payloads.add(new SecurityAssociation(IkeSaInitiator.offerChild(ProposalCache.esp(config.espProposals()),
                    ChildSaNegotiation.spiBytes(newInboundSpi), group)));
            payloads.add(new Nonce(nonceI));
            if (group != Algorithms.NONE) {
                ourKe = KeyExchanges.create(group);
                payloads.add(new KeyExchange(group, ourKe.publicValue()));
            }
            payloads.add(new TrafficSelectors(true, old.localTs()));
            payloads.add(new TrafficSelectors(false, old.remoteTs()));
            IkeSa.LOG.debug("{} rekeying CHILD SA {} {}", sa, old.name(), IkeSa.hex(old.inboundSpi()));
            return payloads;
        }

        @Override
        public void complete(IkeSa sa, IkeMessage response, long nowMillis) {
            Optional<Notify> error = errorOf(response);
            if (error.isPresent()) {
                refused(sa, error.get().notifyType(), response, nowMillis);
                return;
            }

            Optional<SecurityAssociation> accepted = response.first(SecurityAssociation.class);
            Optional<Nonce> nonceR = response.first(Nonce.class);
            Optional<SelectedProposal> chosen = accepted.flatMap(a -> ProposalSelector.select(a.proposals(),
                    ProposalCache.esp(old.config().espProposals()), ProtocolId.ESP, ProposalSelector.KeMode.OPTIONAL));
            List<TrafficSelector> tsI = ChildSaNegotiation.selectors(response, true);
            List<TrafficSelector> tsR = ChildSaNegotiation.selectors(response, false);
            if (chosen.isEmpty() || nonceR.isEmpty() || chosen.get().peerSpi().length != 4 || tsI.isEmpty()
                    || tsR.isEmpty() || chosen.get().keGroup() != group) {
                IkeSa.LOG.warn("{} CHILD SA {} rekey answered with an invalid response; retrying later", sa, old.name());
                sa.retryChildRekeyLater(old, nowMillis);
                failed("the peer answered with an invalid CREATE_CHILD_SA response");
                return;
            }

            byte[] sharedSecret = null;
            if (ourKe != null) {
                Optional<KeyExchange> peerKe = response.first(KeyExchange.class);
                try {
                    if (peerKe.isEmpty() || peerKe.get().group() != group) {
                        throw new InvalidKeyExchangeException("KEr missing or of another group");
                    }
                    sharedSecret = ourKe.sharedSecret(peerKe.get().data());
                } catch (InvalidKeyExchangeException e) {
                    IkeSa.LOG.warn("{} CHILD SA {} rekey: {}; retrying later", sa, old.name(), e.getMessage());
                    sa.retryChildRekeyLater(old, nowMillis);
                    failed("the peer's key exchange value is invalid: " + e.getMessage());
                    return;
                }
            }

            byte[] peerNonce = nonceR.get().data();
            ChildKeys keys = sa.keys.deriveChildKeys(chosen.get().childSuite(), sharedSecret, nonceI, peerNonce);
            if (sharedSecret != null) {
                Arrays.fill(sharedSecret, (byte) 0);
            }
            ChildConfig config = old.config();
            ChildSa replacement = new ChildSa(config, newInboundSpi, ChildSaNegotiation.spiOf(chosen.get().peerSpi()),
                    chosen.get().childSuite(), chosen.get().describe(), old.transportMode(), false, tsI, tsR, keys,
                    nowMillis, IkeSa.jittered(nowMillis, config.rekeyTime(), config.randTime()),
                    config.lifeTime().isZero() ? Long.MAX_VALUE : nowMillis + config.lifeTime().toMillis());
            sa.addChild(replacement);
            sa.childSettled(old);

            IkeSa.PeerRekey crossing = sa.takePeerRekey(old);
            if (crossing != null && lowestOf(nonceI, peerNonce, crossing.nonceI(), crossing.nonceR())
                    || crossing != null && lowestOf(peerNonce, nonceI, crossing.nonceI(), crossing.nonceR())) {
                // Our exchange made the SA with the lowest nonce, so ours goes and the peer deletes the old one.
                IkeSa.LOG.info("{} CHILD SA {} rekey collided with the peer's and lost; deleting our new SA {}", sa,
                        old.name(), IkeSa.hex(newInboundSpi));
                sa.enqueue(new InformationalInitiator.DeleteChildSa(replacement, "redundant after a rekey collision"),
                        nowMillis);
                reportRekeyed(crossing.replacement());
                return;
            }
            if (sa.children.contains(old)) {
                sa.markChildBusy(old);
                sa.enqueue(new InformationalInitiator.DeleteChildSa(old, "rekeyed"), nowMillis);
            }
            reportRekeyed(replacement);
        }

        private void reportRekeyed(ChildSa survivor) {
            whenDone.accept(new RekeyOutcome.ChildRekeyed(old.name(), old.inboundSpi(), old.outboundSpi(),
                    survivor.inboundSpi(), survivor.outboundSpi()));
        }

        private void refused(IkeSa sa, int notifyType, IkeMessage response, long nowMillis) {
            int requested = InvalidKePayload.requestedGroup(response);
            if (notifyType == NotifyType.INVALID_KE_PAYLOAD && requested > 0 && groupRetries < MAX_GROUP_RETRIES) {
                IkeSa.LOG.info("{} CHILD SA {} rekey: peer requested group {}, retrying", sa, old.name(),
                        Algorithms.name(Algorithms.TYPE_KE, requested, 0));
                sa.enqueueFirst(new RekeyChildSa(old, requested, groupRetries + 1, whenDone), nowMillis);
                return;
            }
            if (notifyType == NotifyType.CHILD_SA_NOT_FOUND) {
                sa.removeChild(old, "the peer no longer has it");
                sa.childSettled(old);
                failed("the peer answered CHILD_SA_NOT_FOUND, so the CHILD SA was removed");
                return;
            }
            IkeSa.LOG.info("{} CHILD SA {} rekey refused with {}; retrying later", sa, old.name(),
                    NotifyType.name(notifyType));
            sa.retryChildRekeyLater(old, nowMillis);
            failed("the peer refused the rekey with " + NotifyType.name(notifyType));
        }

        @Override
        public void abandon(IkeSa sa) {
            sa.childSettled(old);
            failed("the IKE SA closed or was rekeyed before the CHILD SA rekey completed");
        }

        @Override
        public String toString() {
            return "rekey CHILD SA " + IkeSa.hex(old.inboundSpi());
        }
    }

    // ------------------------------------------------------------------ IKE SA rekey (§1.3.2)

    /** Rekeys the IKE SA: a successor with new SPIs and keys takes the CHILD SAs, then the old one is deleted. */
    static final class RekeyIkeSa implements OwnRequest {

        private final int groupRetries;
        private final RekeyOutcome.Once whenDone;
        private int group;
        private byte[] nonceI;
        private long newSpi;
        private org.ikec.protocol.crypto.KeyExchange ourKe;

        RekeyIkeSa(int group) {
            this(group, 0, RekeyOutcome.Once.none());
        }

        /** Rekeys the IKE SA with {@code group} and reports how it ended to {@code whenDone}. */
        RekeyIkeSa(int group, RekeyOutcome.Once whenDone) {
            this(group, 0, whenDone);
        }

        private RekeyIkeSa(int group, int groupRetries, RekeyOutcome.Once whenDone) {
            this.group = group;
            this.groupRetries = groupRetries;
            this.whenDone = whenDone;
        }

        private void failed(String reason) {
            whenDone.accept(new RekeyOutcome.Failed(reason));
        }

        private void reportRekeyed(IkeSa survivor) {
            whenDone.accept(new RekeyOutcome.IkeRekeyed(survivor.spiI, survivor.spiR, survivor.ourSpi()));
        }

        @Override
        public int exchangeType() {
            return ExchangeType.CREATE_CHILD_SA;
        }

        @Override
        public List<Payload> build(IkeSa sa, long nowMillis) {
            if (sa.state != IkeSa.State.ESTABLISHED) {
                sa.ikeRekeySettled(nowMillis, false);
                failed("the IKE SA was no longer established when the rekey request was due");
                return null;
            }
            nonceI = SecureRandoms.nonce(NONCE_LENGTH);
            newSpi = sa.spis.newIkeSpi(sa.ourSpi());
            ourKe = KeyExchanges.create(group);
            byte[] spi = ByteBuffer.allocate(8).putLong(newSpi).array();
            IkeSa.LOG.debug("{} rekeying the IKE SA", sa);
            return List.of(
                    new SecurityAssociation(IkeSaInitiator.offer(ProposalCache.ike(sa.connection.proposals()),
                            ProtocolId.IKE, spi)),
                    new Nonce(nonceI),
                    new KeyExchange(group, ourKe.publicValue()));
        }

        @Override
        public void complete(IkeSa sa, IkeMessage response, long nowMillis) {
            Optional<Notify> error = errorOf(response);
            if (error.isPresent()) {
                int requested = InvalidKePayload.requestedGroup(response);
                if (error.get().notifyType() == NotifyType.INVALID_KE_PAYLOAD && requested > 0
                        && groupRetries < MAX_GROUP_RETRIES) {
                    sa.enqueueFirst(new RekeyIkeSa(requested, groupRetries + 1, whenDone), nowMillis);
                    return;
                }
                IkeSa.LOG.info("{} IKE SA rekey refused with {}; retrying later", sa,
                        NotifyType.name(error.get().notifyType()));
                sa.ikeRekeySettled(nowMillis, true);
                failed("the peer refused the rekey with " + NotifyType.name(error.get().notifyType()));
                return;
            }

            Optional<SecurityAssociation> accepted = response.first(SecurityAssociation.class);
            Optional<Nonce> nonceR = response.first(Nonce.class);
            Optional<KeyExchange> peerKe = response.first(KeyExchange.class);
            Optional<SelectedProposal> chosen = accepted.flatMap(a -> ProposalSelector.select(a.proposals(),
                    ProposalCache.ike(sa.connection.proposals()), ProtocolId.IKE, ProposalSelector.KeMode.REQUIRED));
            if (chosen.isEmpty() || nonceR.isEmpty() || peerKe.isEmpty() || chosen.get().peerSpi().length != 8
                    || chosen.get().keGroup() != group || peerKe.get().group() != group) {
                IkeSa.LOG.warn("{} IKE SA rekey answered with an invalid response; retrying later", sa);
                sa.ikeRekeySettled(nowMillis, true);
                failed("the peer answered with an invalid CREATE_CHILD_SA response");
                return;
            }
            byte[] sharedSecret;
            try {
                sharedSecret = ourKe.sharedSecret(peerKe.get().data());
            } catch (InvalidKeyExchangeException e) {
                IkeSa.LOG.warn("{} IKE SA rekey: invalid key exchange value: {}; retrying later", sa, e.getMessage());
                sa.ikeRekeySettled(nowMillis, true);
                failed("the peer's key exchange value is invalid: " + e.getMessage());
                return;
            }

            byte[] peerNonce = nonceR.get().data();
            long peerSpi = ByteBuffer.wrap(chosen.get().peerSpi()).getLong();
            IkeKeyMaterial newKeys = sa.keys.deriveRekeyed(chosen.get().ikeSuite(), sharedSecret, nonceI, peerNonce,
                    newSpi, peerSpi);
            Arrays.fill(sharedSecret, (byte) 0);

            // We started this rekey, so we are the original initiator of the successor (§2.18).
            IkeSa successor = new IkeSa(sa.settings, sa.listener, sa.spis, true, newSpi, peerSpi, chosen.get(), newKeys,
                    nonceI, peerNonce, sa.local, sa.remote(), sa.natDetected, nowMillis);
            successor.startAfterRekey(sa.connection, sa.localId, sa.remoteId, nowMillis);

            IkeSa.PeerIkeRekey crossing = sa.peerIkeRekey();
            if (crossing == null) {
                sa.handOver(successor, nowMillis);
                sa.enqueueAfterHandOver(new InformationalInitiator.DeleteIkeSa("rekeyed"), nowMillis);
                reportRekeyed(successor);
                return;
            }

            boolean oursLost = lowestOf(nonceI, peerNonce, crossing.nonceI(), crossing.nonceR())
                    || lowestOf(peerNonce, nonceI, crossing.nonceI(), crossing.nonceR());
            if (oursLost) {
                // The peer's successor keeps the CHILD SAs; ours is deleted, and the peer deletes the old IKE SA.
                IkeSa.LOG.info("{} IKE SA rekey collided with the peer's and lost; deleting our successor", sa);
                sa.listener.rekeyed(sa, successor);
                successor.enqueue(new InformationalInitiator.DeleteIkeSa("redundant after a rekey collision"),
                        nowMillis);
                reportRekeyed(crossing.successor());
            } else {
                IkeSa.LOG.info("{} IKE SA rekey collided with the peer's and won; the peer deletes its successor", sa);
                crossing.successor().handOver(successor, nowMillis);
                sa.enqueueAfterHandOver(new InformationalInitiator.DeleteIkeSa("rekeyed"), nowMillis);
                reportRekeyed(successor);
            }
        }

        @Override
        public void abandon(IkeSa sa) {
            sa.ikeRekeySettled(0, false);
            failed("the IKE SA closed before its rekey completed");
        }

        @Override
        public String toString() {
            return "rekey IKE SA";
        }
    }
}
