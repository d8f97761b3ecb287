package org.ikec.cluster;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The number of half-open IKE SAs on this node: responder IKE SAs that sent their IKE_SA_INIT
 * response and are neither established nor closed yet. At or above the cookie threshold, the node requires a
 * cookie in every new IKE_SA_INIT request (RFC 7296 §2.6). The node's entities change the count,
 * and the UDP receive threads read it, so it is thread-safe.
 */
final class HalfOpenCount {

    // TODO(cookies): the count covers only the IKE SAs whose entities run on this node. Gossip it
    // across the cluster, so that a flood spread over the nodes by the load balancer turns cookies on.
    private final AtomicInteger count = new AtomicInteger();
    private final int cookieThreshold;

    HalfOpenCount(int cookieThreshold) {
        this.cookieThreshold = cookieThreshold;
    }

    /** Counts a responder IKE SA that was just created from IKE_SA_INIT. */
    void opened() {
        count.incrementAndGet();
    }

    /** Uncounts an IKE SA counted by {@link #opened} once it is established or closed. */
    void settled() {
        count.decrementAndGet();
    }

    int get() {
        return count.get();
    }

    /** Tells whether a new IKE_SA_INIT request must carry a valid cookie. */
    boolean cookiesRequired() {
        return count.get() >= cookieThreshold;
    }
}
