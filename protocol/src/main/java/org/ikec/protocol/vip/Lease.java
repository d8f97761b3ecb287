package org.ikec.protocol.vip;

import java.net.InetAddress;

/** One virtual IP address from the pool {@code pool}, leased to one IKE SA. */
public record Lease(String pool, InetAddress address) {
}
