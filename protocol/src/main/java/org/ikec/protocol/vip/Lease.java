package org.ikec.protocol.vip;

import java.net.InetAddress;

/** One virtual IP address from the pool {@code pool}, leased to one IKE SA. */
public record Lease(String pool, InetAddress address) {

    /**
     * The pool name of an address that a RADIUS server assigned outside every configured pool, so
     * no pool records it. The configuration rejects a pool with this name.
     */
    public static final String OUTSIDE_POOLS = "radius";
}
