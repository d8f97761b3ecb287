package org.ikec.protocol.ike;

import java.util.List;

import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Payload;

/**
 * A request we start on an IKE SA. Requests wait in a queue and go out one at a time, since
 * this implementation keeps a window of one (RFC 7296 §2.3); each builds its payloads only when
 * its turn comes, so it sees the IKE SA as it is then.
 */
interface OwnRequest {

    int exchangeType();

    /** Returns the payloads to send, or {@code null} when the request is no longer needed. */
    List<Payload> build(IkeSa sa, long nowMillis);

    /** Processes the peer's decrypted response. */
    void complete(IkeSa sa, IkeMessage response, long nowMillis);

    /** Forgets the request because the IKE SA is closing or the request was replaced. */
    default void abandon(IkeSa sa) {
    }
}
