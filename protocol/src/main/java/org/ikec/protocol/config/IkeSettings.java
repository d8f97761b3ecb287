package org.ikec.protocol.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.ikec.protocol.crypto.DhReuse;
import org.ikec.protocol.vip.AddressPoolConfig;

/**
 * Everything the IKE state machines take from configuration.
 *
 * @param cookieThreshold half-open IKE SAs on this node above which IKE_SA_INIT requires a cookie
 * @param retransmitTimeout first retransmission timeout of a request we sent
 * @param retransmitBase factor applied to the timeout for every retry
 * @param retransmitTries retransmissions before the peer is declared dead
 * @param halfOpenTimeout time a responder keeps an IKE SA that has not completed IKE_AUTH
 * @param pools the virtual IP address pools that connections name in their {@code pools}
 * @param dhReuse how long one Diffie-Hellman private key may serve new IKE SAs in IKE_SA_INIT
 */
public record IkeSettings(List<ConnectionConfig> connections, SecretStore secrets, int cookieThreshold,
                          Duration retransmitTimeout, double retransmitBase, int retransmitTries,
                          Duration halfOpenTimeout, List<AddressPoolConfig> pools, DhReuse dhReuse) {

    public IkeSettings {
        connections = List.copyOf(connections);
        pools = List.copyOf(pools);
        Objects.requireNonNull(dhReuse, "dhReuse");
    }

    /** Creates settings with a fresh Diffie-Hellman key pair for every IKE SA. */
    public IkeSettings(List<ConnectionConfig> connections, SecretStore secrets, int cookieThreshold,
                       Duration retransmitTimeout, double retransmitBase, int retransmitTries,
                       Duration halfOpenTimeout, List<AddressPoolConfig> pools) {
        this(connections, secrets, cookieThreshold, retransmitTimeout, retransmitBase, retransmitTries,
                halfOpenTimeout, pools, DhReuse.OFF);
    }

    /** Creates settings without address pools. */
    public IkeSettings(List<ConnectionConfig> connections, SecretStore secrets, int cookieThreshold,
                       Duration retransmitTimeout, double retransmitBase, int retransmitTries,
                       Duration halfOpenTimeout) {
        this(connections, secrets, cookieThreshold, retransmitTimeout, retransmitBase, retransmitTries,
                halfOpenTimeout, List.of(), DhReuse.OFF);
    }

    /** Returns these settings with {@code reuse} in place of {@link #dhReuse()}. */
    public IkeSettings withDhReuse(DhReuse reuse) {
        return new IkeSettings(connections, secrets, cookieThreshold, retransmitTimeout, retransmitBase,
                retransmitTries, halfOpenTimeout, pools, reuse);
    }

    /** Returns the pool named {@code name}, or null when none is configured. */
    public AddressPoolConfig pool(String name) {
        return pools.stream().filter(pool -> pool.name().equals(name)).findFirst().orElse(null);
    }
}
