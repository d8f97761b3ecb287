package org.ikec.protocol.ike;

import java.util.List;

import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Payload;

/**
 * A request of ours that was outstanding when its IKE SA was exported. The restored SA sends the
 * saved datagram again so that message IDs stay in step with the peer (RFC 7296 §2.1-2.2).
 *
 * <p>NOTE: only a response to an IKE SA delete has an effect (it closes the SA). Any other
 * response is read and dropped: the timers start a lost rekey, delete or liveness check again.
 * A CHILD SA rekey that the peer completed before the move leaves the peer with one extra CHILD
 * SA pair, which it deletes when that pair's lifetime ends.
 */
record ReplayedRequest(int exchangeType, boolean deletesIkeSa) implements OwnRequest {

    @Override
    public List<Payload> build(IkeSa sa, long nowMillis) {
        throw new IllegalStateException("a replayed request is sent from its saved datagram, never built");
    }

    @Override
    public void complete(IkeSa sa, IkeMessage response, long nowMillis) {
        if (deletesIkeSa) {
            sa.close("deleted by us");
            return;
        }
        IkeSa.LOG.debug("{} peer answered request {} sent before the IKE SA moved; the result is dropped", sa,
                response.header().messageId());
    }

    @Override
    public String toString() {
        return deletesIkeSa ? "delete IKE SA (sent before the move)" : "request sent before the move";
    }
}
