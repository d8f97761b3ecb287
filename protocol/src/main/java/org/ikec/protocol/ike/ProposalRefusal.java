package org.ikec.protocol.ike;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.crypto.ProposalSpec;
import org.ikec.protocol.crypto.ProposalStrings;
import org.ikec.protocol.crypto.TransformId;
import org.ikec.protocol.crypto.WeakProposals;
import org.ikec.protocol.wire.Proposal;
import org.ikec.protocol.wire.ProtocolId;
import org.ikec.protocol.wire.Transform;

/**
 * The text that explains a NO_PROPOSAL_CHOSEN refusal (RFC 7296 §2.7) in one log line: the peer's
 * proposals, the connections that were tried, and, when a weak preset of {@link WeakProposals}
 * would have accepted the offer, that the preset is off by default and which option turns it on.
 */
final class ProposalRefusal {

    /** The connection option that turns a weak preset on. */
    static final String OPTION = "allow_weak";

    private ProposalRefusal() {
    }

    /**
     * Describes a refused offer, for example {@code no IKE proposal of connection rw matches the
     * peer's 3des-sha1-prfsha1-modp1024; ...}.
     */
    static String describe(List<Proposal> offered, int protocolId, List<String> connections,
                           ProposalSelector.KeMode keMode) {
        String protocol = protocolId == ProtocolId.IKE ? "IKE" : "ESP";
        StringBuilder text = new StringBuilder();
        if (connections.isEmpty()) {
            text.append("no connection is configured for this peer and local address; the peer offered ");
        } else {
            text.append("no ").append(protocol).append(" proposal of connection")
                    .append(connections.size() > 1 ? "s " : " ").append(String.join(", ", connections))
                    .append(" matches the peer's ");
        }
        text.append(offer(offered, protocolId));

        Optional<WeakProposals.Preset> preset = weakPresetAccepting(offered, protocolId, keMode);
        preset.ifPresent(weak -> text.append("; the offer matches the weak set ").append(weak.name())
                .append(" of ").append(weak.clients()).append(", which is off by default; set ")
                .append(OPTION).append(" = ").append(weak.name()).append(" on the connection to accept it"));
        return text.toString();
    }

    /** Returns the first weak preset whose proposals of {@code protocolId} accept the offer. */
    static Optional<WeakProposals.Preset> weakPresetAccepting(List<Proposal> offered, int protocolId,
                                                             ProposalSelector.KeMode keMode) {
        for (WeakProposals.Preset preset : WeakProposals.presets()) {
            List<ProposalSpec> specs = protocolId == ProtocolId.IKE
                    ? ProposalCache.ike(preset.ikeProposals())
                    : ProposalCache.esp(preset.espProposals());
            if (ProposalSelector.select(offered, specs, protocolId, keMode).isPresent()) {
                return Optional.of(preset);
            }
        }
        return Optional.empty();
    }

    /** Formats the proposals of one protocol in swanctl syntax, separated by ", ". */
    static String offer(List<Proposal> offered, int protocolId) {
        List<String> proposals = new ArrayList<>();
        for (Proposal proposal : offered) {
            if (proposal.protocolId() != protocolId) {
                continue;
            }
            List<TransformId> transforms = new ArrayList<>();
            for (Transform transform : proposal.transforms()) {
                transforms.add(new TransformId(transform.type(), transform.id(), transform.keyLength()));
            }
            proposals.add(ProposalStrings.format(new ProposalSpec(proposal.protocolId(), transforms)));
        }
        return proposals.isEmpty() ? "nothing" : String.join(", ", proposals);
    }
}
