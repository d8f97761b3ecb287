package org.ikec.protocol.ike;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ikec.protocol.crypto.Algorithms;
import org.ikec.protocol.crypto.ChildSuite;
import org.ikec.protocol.crypto.IkeSuite;
import org.ikec.protocol.crypto.ProposalSpec;
import org.ikec.protocol.crypto.ProposalStrings;
import org.ikec.protocol.crypto.TransformId;
import org.ikec.protocol.wire.Proposal;
import org.ikec.protocol.wire.Transform;

/**
 * One transform of each type chosen from a peer's proposal (RFC 7296 §2.7, §3.3.6).
 *
 * @param number the peer's proposal number, echoed in the response
 * @param peerSpi the SPI the peer put in its proposal (its new IKE SPI, or its inbound ESP SPI)
 * @param keGroup the chosen key exchange group, {@link Algorithms#NONE} when none
 */
public record SelectedProposal(int number, int protocolId, byte[] peerSpi, int encrId, int encrKeyBits,
                               int prfId, int integId, int keGroup, boolean esn) {

    private static final byte[] NO_SPI = new byte[0];
    /** The descriptions by algorithms: as many as the configured proposals allow, a few in practice. */
    private static final Map<ChosenAlgorithms, String> DESCRIPTIONS = new ConcurrentHashMap<>();

    /** Returns the IKE suite, one instance shared by every IKE SA with the same algorithms. */
    public IkeSuite ikeSuite() {
        return SharedValues.share(new IkeSuite(encrId, encrKeyBits, prfId, integId, keGroup));
    }

    /** Returns the CHILD SA suite, one instance shared by every CHILD SA with the same algorithms. */
    public ChildSuite childSuite() {
        return SharedValues.share(new ChildSuite(encrId, encrKeyBits, integId, keGroup, esn));
    }

    /**
     * Returns this proposal with an empty SPI, one instance shared by every IKE SA with the same
     * algorithms. An established IKE SA keeps its SPIs in fields of its own.
     */
    SelectedProposal withoutPeerSpi() {
        return SharedValues.share(new SelectedProposal(number, protocolId, NO_SPI, encrId, encrKeyBits, prfId,
                integId, keGroup, esn));
    }

    /** Builds the proposal for our response, carrying {@code ourSpi} (empty in IKE_SA_INIT). */
    public Proposal toWire(byte[] ourSpi) {
        List<Transform> transforms = new ArrayList<>();
        transforms.add(encrKeyBits > 0
                ? Transform.withKeyLength(Algorithms.TYPE_ENCR, encrId, encrKeyBits)
                : Transform.of(Algorithms.TYPE_ENCR, encrId));
        if (prfId != Algorithms.NONE) {
            transforms.add(Transform.of(Algorithms.TYPE_PRF, prfId));
        }
        if (integId != Algorithms.AUTH_NONE && !Algorithms.isAead(encrId)) {
            transforms.add(Transform.of(Algorithms.TYPE_INTEG, integId));
        }
        if (keGroup != Algorithms.NONE) {
            transforms.add(Transform.of(Algorithms.TYPE_KE, keGroup));
        }
        if (protocolId != 1) {
            transforms.add(Transform.of(Algorithms.TYPE_ESN, esn ? Algorithms.ESN_YES : Algorithms.ESN_NO));
        }
        return new Proposal(number, protocolId, ourSpi, transforms);
    }

    /**
     * Formats the choice in swanctl syntax for logs and the management interface. Every IKE SA and
     * CHILD SA with the same algorithms shares one string, formatted once.
     */
    public String describe() {
        return DESCRIPTIONS.computeIfAbsent(
                new ChosenAlgorithms(protocolId, encrId, encrKeyBits, prfId, integId, keGroup, esn), chosen -> format());
    }

    private String format() {
        List<TransformId> transforms = new ArrayList<>();
        transforms.add(new TransformId(Algorithms.TYPE_ENCR, encrId, encrKeyBits));
        if (integId != Algorithms.AUTH_NONE && !Algorithms.isAead(encrId)) {
            transforms.add(new TransformId(Algorithms.TYPE_INTEG, integId, 0));
        }
        if (prfId != Algorithms.NONE) {
            transforms.add(new TransformId(Algorithms.TYPE_PRF, prfId, 0));
        }
        if (keGroup != Algorithms.NONE) {
            transforms.add(new TransformId(Algorithms.TYPE_KE, keGroup, 0));
        }
        if (esn) {
            transforms.add(new TransformId(Algorithms.TYPE_ESN, Algorithms.ESN_YES, 0));
        }
        return ProposalStrings.format(new ProposalSpec(protocolId, transforms));
    }

    /** The key of {@link #DESCRIPTIONS}: the proposal without its number and SPI. */
    private record ChosenAlgorithms(int protocolId, int encrId, int encrKeyBits, int prfId, int integId, int keGroup,
                                    boolean esn) {
    }
}
