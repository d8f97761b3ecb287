package org.ikec.protocol.ike;

import java.util.List;
import java.util.Optional;

import org.ikec.protocol.crypto.Algorithms;
import org.ikec.protocol.crypto.ProposalSpec;
import org.ikec.protocol.crypto.TransformId;
import org.ikec.protocol.wire.Proposal;
import org.ikec.protocol.wire.Transform;

/**
 * Chooses one of the peer's proposals against our configured ones (RFC 7296 §2.7, §3.3.6).
 *
 * <p>Our configured order wins, as strongSwan's responder does by default
 * ({@code charon.prefer_configured_proposals = yes}): the first configured proposal that covers
 * one of the peer's proposals is taken, with the peer's first such proposal, and within it the
 * first configured transform of each type that the peer also offers. So a peer that lists a weak
 * algorithm first still gets the strongest one both sides accept.
 */
public final class ProposalSelector {

    /** The treatment of the key exchange transform. */
    public enum KeMode {
        /** IKE SA: a group is required. */
        REQUIRED,
        /** CHILD SA in IKE_AUTH: the SA comes from the IKE SA's keys; any KE transform is ignored. */
        IGNORED,
        /** CHILD SA in CREATE_CHILD_SA: a group when the configured proposal lists one (PFS). */
        OPTIONAL
    }

    private ProposalSelector() {
    }

    public static Optional<SelectedProposal> select(List<Proposal> offered, List<ProposalSpec> configured,
                                                    int protocolId, KeMode keMode) {
        for (ProposalSpec spec : configured) {
            for (Proposal proposal : offered) {
                if (proposal.protocolId() != protocolId) {
                    continue;
                }
                Optional<SelectedProposal> match = match(proposal, spec, keMode);
                if (match.isPresent()) {
                    return match;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<SelectedProposal> match(Proposal proposal, ProposalSpec spec, KeMode keMode) {
        Transform encr = firstShared(proposal, spec, Algorithms.TYPE_ENCR);
        if (encr == null) {
            return Optional.empty();
        }
        boolean aead = Algorithms.isAead(encr.id());

        int integ = Algorithms.AUTH_NONE;
        if (!aead) {
            Transform chosen = firstShared(proposal, spec, Algorithms.TYPE_INTEG);
            if (chosen == null) {
                return Optional.empty();
            }
            integ = chosen.id();
        }

        int prf = Algorithms.NONE;
        if (proposal.protocolId() == 1) {
            Transform chosen = firstShared(proposal, spec, Algorithms.TYPE_PRF);
            if (chosen == null) {
                return Optional.empty();
            }
            prf = chosen.id();
        }

        int keGroup = Algorithms.NONE;
        if (keMode == KeMode.REQUIRED || keMode == KeMode.OPTIONAL && specHas(spec, Algorithms.TYPE_KE)) {
            Transform chosen = firstShared(proposal, spec, Algorithms.TYPE_KE);
            if (chosen == null) {
                return Optional.empty();
            }
            keGroup = chosen.id();
        } else if (keMode == KeMode.OPTIONAL && offersOnlyRealGroups(proposal)) {
            // The peer insists on PFS that we are not configured for.
            return Optional.empty();
        }

        boolean esn = false;
        if (proposal.protocolId() != 1) {
            Optional<Boolean> chosenEsn = chooseEsn(proposal, spec);
            if (chosenEsn.isEmpty()) {
                return Optional.empty();
            }
            esn = chosenEsn.get();
        }

        return Optional.of(new SelectedProposal(proposal.number(), proposal.protocolId(), proposal.spi(),
                encr.id(), encr.keyLength(), prf, integ, keGroup, esn));
    }

    private static Transform firstShared(Proposal proposal, ProposalSpec spec, int type) {
        for (TransformId wanted : spec.transforms()) {
            if (wanted.type() != type) {
                continue;
            }
            for (Transform transform : proposal.transforms()) {
                boolean same = transform.type() == type && wanted.id() == transform.id()
                        && wanted.keyBits() == transform.keyLength();
                if (same && Algorithms.isSupported(type, transform.id(), transform.keyLength())) {
                    return transform;
                }
            }
        }
        return null;
    }

    private static boolean specHas(ProposalSpec spec, int type) {
        return spec.transforms().stream().anyMatch(t -> t.type() == type && t.id() != Algorithms.NONE);
    }

    private static boolean offersOnlyRealGroups(Proposal proposal) {
        List<Transform> groups = proposal.transforms().stream().filter(t -> t.type() == Algorithms.TYPE_KE).toList();
        return !groups.isEmpty() && groups.stream().noneMatch(t -> t.id() == Algorithms.NONE);
    }

    private static Optional<Boolean> chooseEsn(Proposal proposal, ProposalSpec spec) {
        List<Transform> offered = proposal.transforms().stream().filter(t -> t.type() == Algorithms.TYPE_ESN).toList();
        List<Integer> configured = spec.transforms().stream()
                .filter(t -> t.type() == Algorithms.TYPE_ESN).map(TransformId::id).toList();
        List<Integer> accepted = configured.isEmpty() ? List.of(Algorithms.ESN_NO) : configured;
        if (offered.isEmpty()) {
            return accepted.contains(Algorithms.ESN_NO) ? Optional.of(false) : Optional.empty();
        }
        for (Transform transform : offered) {
            if (accepted.contains(transform.id())) {
                return Optional.of(transform.id() == Algorithms.ESN_YES);
            }
        }
        return Optional.empty();
    }
}
