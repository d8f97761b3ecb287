package org.ikec.cluster;

import java.time.Instant;
import java.util.List;

import org.ikec.protocol.ike.IkeTraffic;

/**
 * What the management interface shows of one IKE SA. It holds no key material.
 *
 * @param tunnelIndex the cluster-wide tunnel index (jnxIkeTunIndex), which stays the same across
 *     IKE SA rekeys; {@code null} until the allocator has answered, shortly after IKE_AUTH
 * @param id the IKE SA's cluster-wide id (our SPI in hex)
 * @param state {@code CONNECTING}, {@code ESTABLISHED}, {@code REKEYING}, {@code DELETING}
 * @param proposal the negotiated IKE proposal in swanctl syntax
 * @param ikeLifetimeSeconds the connection's configured IKE SA rekey time, 0 when it is never rekeyed
 * @param authMethod how the peer authenticated; {@code null} before IKE_AUTH completed
 * @param ikeTraffic the IKE packets and octets of the tunnel so far, rekeyed predecessors included
 * @param virtualIps the virtual IP addresses leased to the peer, empty when it has none
 */
public record SaSnapshot(String id, String node, String connection, Integer tunnelIndex, String state,
                         boolean initiator,
                         String spiI, String spiR, String localAddress, String remoteAddress,
                         String localId, String remoteId, String proposal, Instant establishedAt,
                         long ikeLifetimeSeconds, IkeAuthMethod authMethod, IkeTraffic ikeTraffic,
                         List<ChildSaSnapshot> children, List<String> virtualIps) {

    public SaSnapshot {
        children = List.copyOf(children);
        virtualIps = virtualIps == null ? List.of() : List.copyOf(virtualIps);
    }

    /** Creates a snapshot of an IKE SA without virtual IP addresses. */
    public SaSnapshot(String id, String node, String connection, Integer tunnelIndex, String state, boolean initiator,
                      String spiI, String spiR, String localAddress, String remoteAddress, String localId,
                      String remoteId, String proposal, Instant establishedAt, long ikeLifetimeSeconds,
                      IkeAuthMethod authMethod, IkeTraffic ikeTraffic, List<ChildSaSnapshot> children) {
        this(id, node, connection, tunnelIndex, state, initiator, spiI, spiR, localAddress, remoteAddress, localId,
                remoteId, proposal, establishedAt, ikeLifetimeSeconds, authMethod, ikeTraffic, children, List.of());
    }
}
