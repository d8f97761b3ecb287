package org.ikec.protocol.ike;

import java.util.ArrayList;
import java.util.List;

import org.ikec.protocol.wire.Delete;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.ProtocolId;

/**
 * The responder's half of INFORMATIONAL (RFC 7296 §1.4): deletes of the IKE SA or of CHILD SAs,
 * and the empty request of a liveness check, which gets an empty response.
 */
final class InformationalResponder {

    private InformationalResponder() {
    }

    static Delete deleteIkeSa() {
        return new Delete(ProtocolId.IKE, 0, List.of());
    }

    static void respond(IkeSa sa, IkeMessage request, long nowMillis) {
        List<Delete> deletes = request.all(Delete.class);

        if (deletes.stream().anyMatch(d -> d.protocolId() == ProtocolId.IKE)) {
            sa.respond(request.header(), List.of());
            IkeSa.LOG.debug("{} peer deleted the IKE SA", sa);
            sa.close("deleted by peer");
            return;
        }

        List<byte[]> ourInboundSpis = new ArrayList<>();
        List<ChildSa> deleted = new ArrayList<>();
        for (Delete delete : deletes) {
            if (delete.protocolId() != ProtocolId.ESP && delete.protocolId() != ProtocolId.AH) {
                continue;
            }
            for (byte[] spi : delete.spis()) {
                int peerInbound = ChildSaNegotiation.spiOf(spi);
                for (ChildSa child : sa.children) {
                    if (child.outboundSpi() != peerInbound) {
                        continue;
                    }
                    deleted.add(child);
                    // Deletes that crossed: the response names no SA we are deleting ourselves (§1.4.1).
                    if (!sa.isDeleting(child)) {
                        ourInboundSpis.add(ChildSaNegotiation.spiBytes(child.inboundSpi()));
                    }
                }
            }
        }

        List<Payload> payloads = ourInboundSpis.isEmpty()
                ? List.of()
                : List.of(new Delete(ProtocolId.ESP, 4, ourInboundSpis));
        sa.respond(request.header(), payloads);
        for (ChildSa child : deleted) {
            sa.removeChild(child, "deleted by peer");
        }
        if (deletes.isEmpty()) {
            IkeSa.LOG.debug("{} answered INFORMATIONAL request {}", sa, request.header().messageId());
        }
    }
}
