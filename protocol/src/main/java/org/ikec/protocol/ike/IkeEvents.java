package org.ikec.protocol.ike;

/**
 * Receives what IKE SAs and their exchanges do, for metrics: handshakes started, completed and
 * failed, exchange latencies, and retransmissions. The protocol calls it from the thread that
 * drives an IKE SA, so an implementation must be thread-safe and cheap. Every method defaults to
 * doing nothing, and {@link #nanoTime} to reading no clock.
 */
public interface IkeEvents {

    /** Events that go nowhere. */
    IkeEvents NONE = new IkeEvents() {
    };

    /** The side of the IKE SA this node plays. */
    enum Role {
        INITIATOR,
        RESPONDER;

        private final String tag = name().toLowerCase(java.util.Locale.ROOT);

        /** Returns the lower-case name used as a metric tag. */
        public String tag() {
            return tag;
        }
    }

    /** The side that sent an exchange's request. */
    enum Requester {
        /** We sent the request; latency runs from its first transmission to the response. */
        OURS,
        /** The peer sent the request; latency runs from its arrival to our response. */
        THEIRS;

        private final String tag = name().toLowerCase(java.util.Locale.ROOT);

        public String tag() {
            return tag;
        }
    }

    /** Returns a monotonic time in nanoseconds, the clock exchange latencies are measured with. */
    default long nanoTime() {
        return 0;
    }

    /** Counts an IKE_SA_INIT request sent, or received and processed, that begins a new IKE SA. */
    default void handshakeStarted(Role role) {
    }

    /** Counts a handshake whose IKE_AUTH completed, so the IKE SA is established. */
    default void handshakeCompleted(Role role) {
    }

    /** Counts a handshake that ended without an established IKE SA. */
    default void handshakeFailed(Role role, HandshakeFailure reason) {
    }

    /** Counts a CHILD SA that IKE_AUTH or CREATE_CHILD_SA did not create, although the IKE SA stays. */
    default void childSaFailed(Role role, HandshakeFailure reason) {
    }

    /**
     * Records one exchange's latency.
     *
     * @param exchangeType the exchange type number (RFC 7296 §3.1)
     * @param nanos request to response, in nanoseconds
     */
    default void exchangeCompleted(int exchangeType, Requester requester, long nanos) {
    }

    /** Counts one retransmission of our request. */
    default void retransmitted(int exchangeType) {
    }

    /** Counts a retransmitted request of the peer that was dropped because its response is still being prepared. */
    default void retransmissionDropped(int exchangeType) {
    }
}
