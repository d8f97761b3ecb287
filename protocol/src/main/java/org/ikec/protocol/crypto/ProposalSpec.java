package org.ikec.protocol.crypto;

import java.util.List;

/**
 * One proposal of an SA payload (RFC 7296 §3.3.1) without its number and SPI: the protocol
 * ({@link #IKE} or {@link #ESP}) and its transforms in the order they are offered.
 */
public record ProposalSpec(int protocolId, List<TransformId> transforms) {

    public static final int IKE = 1;
    public static final int ESP = 3;

    public ProposalSpec {
        transforms = List.copyOf(transforms);
    }

    /** Returns the transforms of one type, in offered order. */
    public List<TransformId> transformsOfType(int type) {
        return transforms.stream().filter(transform -> transform.type() == type).toList();
    }

    @Override
    public String toString() {
        String protocol = switch (protocolId) {
            case IKE -> "IKE";
            case ESP -> "ESP";
            default -> "PROTOCOL_" + protocolId;
        };
        return protocol + ":" + ProposalStrings.format(this);
    }
}
