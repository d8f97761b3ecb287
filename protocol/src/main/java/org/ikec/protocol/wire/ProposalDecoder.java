package org.ikec.protocol.wire;

import static org.ikec.protocol.wire.PayloadDecoder.MAX_ENTRIES;
import static org.ikec.protocol.wire.WireReader.invalid;
import static org.ikec.protocol.wire.WireReader.require;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the body of an SA payload: proposal, transform and attribute substructures
 * (RFC 7296 §3.3.1, §3.3.2 and §3.3.5). The Last Substruc fields must agree with the position of
 * each substructure and the transform count with the transforms present, so that a decoded SA
 * re-encodes to the same bytes.
 */
final class ProposalDecoder {

    static final int PROPOSAL_HEADER_SIZE = 8;
    static final int TRANSFORM_HEADER_SIZE = 8;
    static final int ATTRIBUTE_HEADER_SIZE = 4;

    /** Last Substruc value of a proposal that another proposal follows. */
    static final int MORE_PROPOSALS = 2;

    /** Last Substruc value of a transform that another transform follows. */
    static final int MORE_TRANSFORMS = 3;

    private static final int SA = PayloadType.SA;
    private static final int ATTRIBUTE_FORMAT_BIT = 0x8000;

    private final WireReader reader;

    ProposalDecoder(WireReader reader) {
        this.reader = reader;
    }

    List<Proposal> decodeProposals(int start, int end) throws MalformedMessageException {
        List<Proposal> proposals = new ArrayList<>();
        int position = start;

        while (position < end) {
            if (proposals.size() == MAX_ENTRIES) {
                throw invalid(SA, "more than " + MAX_ENTRIES + " proposals");
            }
            int number = proposals.size() + 1;
            require(SA, "proposal " + number + " header", PROPOSAL_HEADER_SIZE, position, end);
            int lastSubstruc = reader.u8(position);
            reader.reserved(position + 1, 0xff);
            int length = reader.u16(position + 2);
            if (length < PROPOSAL_HEADER_SIZE) {
                throw invalid(SA, "proposal " + number + " length " + length + " is below 8");
            }
            require(SA, "proposal " + number + " length " + length, length, position, end);

            int proposalNumber = reader.u8(position + 4);
            int protocolId = reader.u8(position + 5);
            int spiSize = reader.u8(position + 6);
            int transformCount = reader.u8(position + 7);
            int spiStart = position + PROPOSAL_HEADER_SIZE;
            int proposalEnd = position + length;
            require(SA, "proposal " + number + " SPI size " + spiSize, spiSize, spiStart,
                    proposalEnd);
            List<Transform> transforms = decodeTransforms(number, transformCount,
                    spiStart + spiSize, proposalEnd);

            position = proposalEnd;
            int expectedLast = position == end ? 0 : MORE_PROPOSALS;
            if (lastSubstruc != expectedLast) {
                throw invalid(SA, "proposal " + number + " has Last Substruc " + lastSubstruc
                        + " but " + expectedLast + " is required at its position");
            }
            proposals.add(new Proposal(proposalNumber, protocolId,
                    reader.copy(spiStart, spiStart + spiSize), transforms));
        }

        if (proposals.isEmpty()) {
            throw invalid(SA, "the SA payload contains no proposal");
        }
        return proposals;
    }

    private List<Transform> decodeTransforms(int proposal, int expectedCount, int start, int end)
            throws MalformedMessageException {
        List<Transform> transforms = new ArrayList<>(Math.min(expectedCount, MAX_ENTRIES));
        int position = start;

        while (position < end) {
            if (transforms.size() == MAX_ENTRIES) {
                throw invalid(SA, "proposal " + proposal + " has more than " + MAX_ENTRIES
                        + " transforms");
            }
            String name = "proposal " + proposal + " transform " + (transforms.size() + 1);
            require(SA, name + " header", TRANSFORM_HEADER_SIZE, position, end);
            int lastSubstruc = reader.u8(position);
            reader.reserved(position + 1, 0xff);
            int length = reader.u16(position + 2);
            if (length < TRANSFORM_HEADER_SIZE) {
                throw invalid(SA, name + " length " + length + " is below 8");
            }
            require(SA, name + " length " + length, length, position, end);
            reader.reserved(position + 5, 0xff);

            int transformEnd = position + length;
            List<TransformAttribute> attributes = decodeAttributes(name,
                    position + TRANSFORM_HEADER_SIZE, transformEnd);
            int expectedLast = transformEnd == end ? 0 : MORE_TRANSFORMS;
            if (lastSubstruc != expectedLast) {
                throw invalid(SA, name + " has Last Substruc " + lastSubstruc + " but "
                        + expectedLast + " is required at its position");
            }
            transforms.add(new Transform(reader.u8(position + 4), reader.u16(position + 6),
                    attributes));
            position = transformEnd;
        }

        if (transforms.size() != expectedCount) {
            throw invalid(SA, "proposal " + proposal + " announces " + expectedCount
                    + " transforms but contains " + transforms.size());
        }
        return transforms;
    }

    private List<TransformAttribute> decodeAttributes(String transform, int start, int end)
            throws MalformedMessageException {
        List<TransformAttribute> attributes = new ArrayList<>(0);
        int position = start;

        while (position < end) {
            if (attributes.size() == MAX_ENTRIES) {
                throw invalid(SA, transform + " has more than " + MAX_ENTRIES + " attributes");
            }
            require(SA, transform + " attribute header", ATTRIBUTE_HEADER_SIZE, position, end);
            int formatAndType = reader.u16(position);
            boolean shortForm = (formatAndType & ATTRIBUTE_FORMAT_BIT) != 0;
            int type = formatAndType & ~ATTRIBUTE_FORMAT_BIT;

            if (shortForm) {
                attributes.add(new TransformAttribute(type, reader.copy(position + 2, position + 4),
                        true));
                position += ATTRIBUTE_HEADER_SIZE;
            } else {
                int length = reader.u16(position + 2);
                int valueStart = position + ATTRIBUTE_HEADER_SIZE;
                require(SA, transform + " attribute length " + length, length, valueStart, end);
                attributes.add(new TransformAttribute(type,
                        reader.copy(valueStart, valueStart + length), false));
                position = valueStart + length;
            }
        }
        return attributes;
    }
}
