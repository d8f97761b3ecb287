package org.ikec.cluster.tunnel;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import org.ikec.cluster.CborSerializable;

/**
 * What names a tunnel in the SNMP tables, independent of which IKE SA currently carries it and of
 * which side initiated: the service set (the connection's name), the peer gateway's address, and
 * the local and remote IKE identities as this node sees them.
 *
 * @param serviceSet  the connection name, used as jnxSpSvcSetName
 * @param peerAddress the peer gateway's IPv4 (4 bytes) or IPv6 (16 bytes) address
 * @param localId     our IKE identity (IDi or IDr, whichever we sent), in its text form
 * @param remoteId    the peer's IKE identity, in its text form
 */
public record TunnelIdentity(String serviceSet, byte[] peerAddress, String localId, String remoteId)
        implements CborSerializable {

    public TunnelIdentity {
        Objects.requireNonNull(serviceSet, "serviceSet");
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(localId, "localId");
        Objects.requireNonNull(remoteId, "remoteId");
        if (peerAddress.length != 4 && peerAddress.length != 16) {
            throw new IllegalArgumentException("peerAddress has " + peerAddress.length
                    + " bytes, expected 4 (IPv4) or 16 (IPv6)");
        }
        peerAddress = peerAddress.clone();
    }

    @Override
    public byte[] peerAddress() {
        return peerAddress.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TunnelIdentity that
                && serviceSet.equals(that.serviceSet)
                && Arrays.equals(peerAddress, that.peerAddress)
                && localId.equals(that.localId)
                && remoteId.equals(that.remoteId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serviceSet, Arrays.hashCode(peerAddress), localId, remoteId);
    }

    @Override
    public String toString() {
        return "TunnelIdentity[serviceSet=" + serviceSet + ", peerAddress=" + HexFormat.of().formatHex(peerAddress)
                + ", localId=" + localId + ", remoteId=" + remoteId + "]";
    }
}
