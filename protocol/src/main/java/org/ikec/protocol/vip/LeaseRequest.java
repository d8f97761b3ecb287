package org.ikec.protocol.vip;

import java.net.InetAddress;
import java.util.List;

/**
 * A responder's request for the addresses that a peer's CFG_REQUEST asks for.
 *
 * @param saId the IKE SA that holds the leases, as the cluster names it
 * @param identity the peer's authenticated identity in text form; the same identity gets its
 *     previous address back while that address is free
 * @param pools the connection's pools, in the order they are tried
 * @param ipv4 whether the peer asked for INTERNAL_IP4_ADDRESS
 * @param ipv6 whether the peer asked for INTERNAL_IP6_ADDRESS
 * @param requested addresses the peer proposed in its request (RFC 7296 §3.15.1), which are granted
 *     when free and inside a pool
 */
public record LeaseRequest(String saId, String identity, List<String> pools, boolean ipv4, boolean ipv6,
                           List<InetAddress> requested) {

    public LeaseRequest {
        pools = List.copyOf(pools);
        requested = List.copyOf(requested);
    }
}
