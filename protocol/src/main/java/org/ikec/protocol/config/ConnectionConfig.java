package org.ikec.protocol.config;

import java.time.Duration;
import java.util.List;

/**
 * A configured IKE connection, as a swanctl {@code connections} section. Its name is the service
 * set name that the SNMP tables use.
 *
 * @param proposals IKE proposals in swanctl syntax, for example {@code aes256gcm16-prfsha256-x25519}
 * @param localAddrs local addresses this connection serves; empty for any
 * @param remoteAddrs peer addresses; empty for any, required to initiate
 * @param rekeyTime time after which the IKE SA is rekeyed, before jitter; zero turns rekeying off
 * @param overTime how long an IKE SA may live past {@code rekeyTime} before it is deleted
 * @param randTime the maximum random time subtracted from {@code rekeyTime}
 * @param dpdDelay idle time after which a liveness check (empty INFORMATIONAL) is sent; zero turns it off
 * @param pools names of the address pools that serve a peer's CFG_REQUEST, tried in order; empty when
 *     the connection leases no virtual IP addresses
 */
public record ConnectionConfig(String name, List<String> proposals, List<String> localAddrs,
                               List<String> remoteAddrs, int remotePort, AuthConfig local, AuthConfig remote,
                               List<ChildConfig> children, Duration rekeyTime, Duration overTime,
                               Duration randTime, Duration dpdDelay, List<String> pools) {

    public ConnectionConfig {
        proposals = List.copyOf(proposals);
        localAddrs = List.copyOf(localAddrs);
        remoteAddrs = List.copyOf(remoteAddrs);
        children = List.copyOf(children);
        pools = List.copyOf(pools);
    }

    /** Creates a connection that leases no virtual IP addresses. */
    public ConnectionConfig(String name, List<String> proposals, List<String> localAddrs, List<String> remoteAddrs,
                            int remotePort, AuthConfig local, AuthConfig remote, List<ChildConfig> children,
                            Duration rekeyTime, Duration overTime, Duration randTime, Duration dpdDelay) {
        this(name, proposals, localAddrs, remoteAddrs, remotePort, local, remote, children, rekeyTime, overTime,
                randTime, dpdDelay, List.of());
    }
}
