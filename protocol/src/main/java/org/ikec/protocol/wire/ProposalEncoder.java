package org.ikec.protocol.wire;

import static org.ikec.protocol.wire.WireWriter.bytes;
import static org.ikec.protocol.wire.WireWriter.u16;
import static org.ikec.protocol.wire.WireWriter.u8;
import static org.ikec.protocol.wire.WireWriter.zeros;

import java.util.List;

/**
 * Encodes the body of an SA payload: proposal, transform and attribute substructures
 * (RFC 7296 §3.3.1, §3.3.2 and §3.3.5), with Last Substruc, lengths and counts computed.
 */
final class ProposalEncoder {

    private static final int MAX_LENGTH = 0xffff;

    private ProposalEncoder() {
    }

    static int proposalsLength(List<Proposal> proposals) {
        int total = 0;
        for (Proposal proposal : proposals) {
            total += proposalLength(proposal);
        }
        return total;
    }

    static int writeProposals(List<Proposal> proposals, byte[] out, int offset) {
        int position = offset;
        for (int i = 0; i < proposals.size(); i++) {
            Proposal proposal = proposals.get(i);
            boolean last = i == proposals.size() - 1;
            position = u8(out, position, last ? 0 : ProposalDecoder.MORE_PROPOSALS);
            position = zeros(position, 1);
            position = u16(out, position, proposalLength(proposal));
            position = u8(out, position, proposal.number());
            position = u8(out, position, proposal.protocolId());
            position = u8(out, position, proposal.spi().length);
            position = u8(out, position, proposal.transforms().size());
            position = bytes(out, position, proposal.spi());
            position = writeTransforms(proposal.transforms(), out, position);
        }
        return position;
    }

    private static int proposalLength(Proposal proposal) {
        int length = ProposalDecoder.PROPOSAL_HEADER_SIZE + proposal.spi().length;
        for (Transform transform : proposal.transforms()) {
            length += transformLength(transform);
        }
        return checkLength("proposal " + proposal.number(), length);
    }

    private static int transformLength(Transform transform) {
        int length = ProposalDecoder.TRANSFORM_HEADER_SIZE;
        for (TransformAttribute attribute : transform.attributes()) {
            length += ProposalDecoder.ATTRIBUTE_HEADER_SIZE
                    + (attribute.shortForm() ? 0 : attribute.value().length);
        }
        return checkLength("transform " + TransformType.name(transform.type()), length);
    }

    private static int checkLength(String structure, int length) {
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    structure + " of " + length + " bytes exceeds its 16-bit length field");
        }
        return length;
    }

    private static int writeTransforms(List<Transform> transforms, byte[] out, int offset) {
        int position = offset;
        for (int i = 0; i < transforms.size(); i++) {
            Transform transform = transforms.get(i);
            boolean last = i == transforms.size() - 1;
            position = u8(out, position, last ? 0 : ProposalDecoder.MORE_TRANSFORMS);
            position = zeros(position, 1);
            position = u16(out, position, transformLength(transform));
            position = u8(out, position, transform.type());
            position = zeros(position, 1);
            position = u16(out, position, transform.id());
            for (TransformAttribute attribute : transform.attributes()) {
                position = writeAttribute(attribute, out, position);
            }
        }
        return position;
    }

    private static int writeAttribute(TransformAttribute attribute, byte[] out, int offset) {
        if (attribute.shortForm()) {
            int position = u16(out, offset, 0x8000 | attribute.type());
            return bytes(out, position, attribute.value());
        }
        int position = u16(out, offset, attribute.type());
        position = u16(out, position, attribute.value().length);
        return bytes(out, position, attribute.value());
    }
}
