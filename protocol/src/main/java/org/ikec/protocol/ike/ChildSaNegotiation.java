package org.ikec.protocol.ike;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.crypto.ChildKeys;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.ProtocolId;
import org.ikec.protocol.wire.SecurityAssociation;
import org.ikec.protocol.wire.TrafficSelector;
import org.ikec.protocol.wire.TrafficSelectors;

/**
 * The responder's choice of a CHILD SA (RFC 7296 §2.9, §2.17): the first configured child whose
 * traffic selectors and ESP proposals fit the peer's request. Used by IKE_AUTH and CREATE_CHILD_SA.
 */
final class ChildSaNegotiation {

    /** The outcome: the CHILD SA and the payloads of our answer, or the notify that refuses it. */
    record Result(ChildSa child, List<Payload> payloads, int errorNotify) {

        static Result refused(int notifyType) {
            return new Result(null, List.of(Notify.of(notifyType)), notifyType);
        }

        boolean accepted() {
            return child != null;
        }
    }

    /** Everything about the exchange that the choice depends on. */
    record Request(IkeMessage message, List<ChildConfig> configs, ProposalSelector.KeMode keMode,
                   byte[] nonceI, byte[] nonceR, byte[] sharedSecret) {
    }

    private ChildSaNegotiation() {
    }

    /**
     * Chooses the CHILD SA for a request the peer initiated. {@code sharedSecret} is the PFS key
     * exchange result of a CREATE_CHILD_SA exchange, or {@code null}.
     */
    static Result respond(IkeSa sa, Request request, long nowMillis) {
        IkeMessage message = request.message();
        Optional<SecurityAssociation> offer = message.first(SecurityAssociation.class);
        List<TrafficSelector> offeredTsI = selectors(message, true);
        List<TrafficSelector> offeredTsR = selectors(message, false);
        if (offer.isEmpty() || offeredTsI.isEmpty() || offeredTsR.isEmpty()) {
            return Result.refused(NotifyType.INVALID_SYNTAX);
        }

        boolean proposalMatchedSomewhere = false;
        for (ChildConfig config : request.configs()) {
            Optional<SelectedProposal> selected = ProposalSelector.select(offer.get().proposals(),
                    ProposalCache.esp(config.espProposals()), ProtocolId.ESP, request.keMode());
            if (selected.isEmpty()) {
                continue;
            }
            proposalMatchedSomewhere = true;
            if (selected.get().peerSpi().length != 4) {
                return Result.refused(NotifyType.INVALID_SYNTAX);
            }

            List<TrafficSelector> tsI = TrafficSelectorNarrowing.narrow(offeredTsI, resolveRemote(sa, config, offeredTsI));
            List<TrafficSelector> tsR = TrafficSelectorNarrowing.narrow(offeredTsR, resolveLocal(sa, config));
            if (tsI.isEmpty() || tsR.isEmpty()) {
                continue;
            }
            return accept(sa, request, config, selected.get(), tsI, tsR, nowMillis);
        }

        if (!proposalMatchedSomewhere) {
            IkeSa.LOG.warn("{} CHILD SA refused with NO_PROPOSAL_CHOSEN: {}", sa,
                    ProposalRefusal.describe(offer.get().proposals(), ProtocolId.ESP, connectionNames(sa),
                            request.keMode()));
            return Result.refused(NotifyType.NO_PROPOSAL_CHOSEN);
        }
        IkeSa.LOG.info("{} CHILD SA refused with TS_UNACCEPTABLE: peer offered {} === {}", sa,
                SelectorText.describe(offeredTsI),
                SelectorText.describe(offeredTsR));
        return Result.refused(NotifyType.TS_UNACCEPTABLE);
    }

    private static List<String> connectionNames(IkeSa sa) {
        return sa.connection == null ? List.of() : List.of(sa.connection.name());
    }

    private static Result accept(IkeSa sa, Request request, ChildConfig config, SelectedProposal selected,
                                 List<TrafficSelector> tsI, List<TrafficSelector> tsR, long nowMillis) {
        int inboundSpi = sa.spis.newChildSpi();
        int outboundSpi = spiOf(selected.peerSpi());
        ChildKeys keys = sa.keys.deriveChildKeys(selected.childSuite(), request.sharedSecret(),
                request.nonceI(), request.nonceR());
        boolean transport = "transport".equals(config.mode())
                && request.message().notify(NotifyType.USE_TRANSPORT_MODE).isPresent();

        ChildSa child = new ChildSa(config, inboundSpi, outboundSpi, selected.childSuite(), selected.describe(),
                transport, true, tsR, tsI, keys, nowMillis,
                IkeSa.jittered(nowMillis, config.rekeyTime(), config.randTime()),
                config.lifeTime().isZero() ? Long.MAX_VALUE : nowMillis + config.lifeTime().toMillis());

        List<Payload> payloads = new ArrayList<>();
        if (transport) {
            payloads.add(Notify.of(NotifyType.USE_TRANSPORT_MODE));
        }
        payloads.add(new SecurityAssociation(List.of(selected.toWire(spiBytes(inboundSpi)))));
        payloads.add(new TrafficSelectors(true, tsI));
        payloads.add(new TrafficSelectors(false, tsR));
        return new Result(child, payloads, 0);
    }

    /** Returns the selected proposal's key exchange group, for the INVALID_KE_PAYLOAD check. */
    static Optional<SelectedProposal> preview(IkeMessage message, List<ChildConfig> configs) {
        Optional<SecurityAssociation> offer = message.first(SecurityAssociation.class);
        if (offer.isEmpty()) {
            return Optional.empty();
        }
        for (ChildConfig config : configs) {
            Optional<SelectedProposal> selected = ProposalSelector.select(offer.get().proposals(),
                    ProposalCache.esp(config.espProposals()), ProtocolId.ESP, ProposalSelector.KeMode.OPTIONAL);
            if (selected.isPresent()) {
                return selected;
            }
        }
        return Optional.empty();
    }

    /** Returns the TSi ({@code initiator}) or TSr selectors of {@code message}, empty when it has none. */
    static List<TrafficSelector> selectors(IkeMessage message, boolean initiator) {
        for (TrafficSelectors payload : message.all(TrafficSelectors.class)) {
            if (payload.initiator() == initiator) {
                return payload.selectors();
            }
        }
        return List.of();
    }

    /**
     * Resolves the peer's side of the configuration. {@code dynamic} is the peer's address; behind a
     * NAT the peer proposes its own inner address, so a single-host selector it offers is taken. A
     * peer with leased virtual IP addresses gets exactly those as {@code dynamic} (RFC 7296 §2.19).
     */
    private static List<TrafficSelectorSpec> resolveRemote(IkeSa sa, ChildConfig config, List<TrafficSelector> offered) {
        List<TrafficSelectorSpec> resolved = new ArrayList<>();
        for (TrafficSelectorSpec spec : config.remoteTs()) {
            if (!spec.dynamic()) {
                resolved.add(spec);
                continue;
            }
            if (!sa.leases().isEmpty()) {
                sa.leases().forEach(lease -> resolved.add(spec.resolve(lease.address())));
                continue;
            }
            resolved.add(spec.resolve(sa.remote().getAddress()));
            if (sa.natDetected) {
                for (TrafficSelector selector : offered) {
                    if (SelectorText.isSingleHost(selector)) {
                        InetAddress host = SelectorText.startAddress(selector);
                        resolved.add(spec.resolve(host));
                    }
                }
            }
        }
        return resolved;
    }

    private static List<TrafficSelectorSpec> resolveLocal(IkeSa sa, ChildConfig config) {
        List<TrafficSelectorSpec> resolved = new ArrayList<>();
        for (TrafficSelectorSpec spec : config.localTs()) {
            resolved.add(spec.resolve(sa.local.getAddress()));
        }
        return resolved;
    }

    static int spiOf(byte[] spi) {
        if (spi.length != 4) {
            return 0;
        }
        return (spi[0] & 0xff) << 24 | (spi[1] & 0xff) << 16 | (spi[2] & 0xff) << 8 | spi[3] & 0xff;
    }

    static byte[] spiBytes(int spi) {
        return new byte[] {(byte) (spi >>> 24), (byte) (spi >>> 16), (byte) (spi >>> 8), (byte) spi};
    }
}
