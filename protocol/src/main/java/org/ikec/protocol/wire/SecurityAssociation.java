package org.ikec.protocol.wire;

import java.util.List;

/** The SA payload (RFC 7296 §3.3): the proposals offered by the initiator or the one chosen. */
public record SecurityAssociation(List<Proposal> proposals) implements Payload {

    public SecurityAssociation {
        proposals = List.copyOf(proposals);
    }

    @Override
    public int type() {
        return PayloadType.SA;
    }
}
