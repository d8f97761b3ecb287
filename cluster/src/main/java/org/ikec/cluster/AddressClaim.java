package org.ikec.cluster;

import java.net.InetAddress;

import org.ikec.protocol.vip.Lease;

/**
 * The outcome of {@link AddressPools#claim}: a request to lease one given address, such as the
 * Framed-IP-Address that a RADIUS server assigned (RFC 2865 §5.8), to one IKE SA.
 */
public sealed interface AddressClaim {

    /** The pool leased the address to the IKE SA, or the IKE SA held it already. */
    record Leased(Lease lease) implements AddressClaim {
    }

    /**
     * Another IKE SA holds the address, so the pool did not lease it.
     *
     * @param holderSaId the IKE SA that holds the address
     * @param holderIdentity the peer identity of that IKE SA
     */
    record HeldByOther(Lease lease, String holderSaId, String holderIdentity) implements AddressClaim {
    }

    /** No configured pool leases the address, so nothing records who uses it. */
    record OutsidePools(InetAddress address) implements AddressClaim {
    }
}
