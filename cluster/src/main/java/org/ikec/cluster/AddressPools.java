package org.ikec.cluster;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;

/**
 * Leases virtual IP addresses to IKE SAs. An address is leased to at most one live IKE SA in the
 * whole cluster, and an identity gets its previous address back while that address is free.
 */
public interface AddressPools {

    /** Leases the addresses that {@code request} names. The stage completes on any thread. */
    CompletionStage<LeaseAnswer> lease(LeaseRequest request);

    /**
     * Leases exactly {@code address} to the IKE SA {@code saId}, from the configured pool that
     * contains it, unless another IKE SA holds it. Claiming an address the IKE SA already holds
     * records this node as its holder again. The stage completes on any thread.
     */
    CompletionStage<AddressClaim> claim(String saId, String identity, InetAddress address);

    /** Returns the IKE SA's addresses to their pools; an SA that was deleted or expired calls this. */
    void release(String saId, List<Lease> leases);
}
