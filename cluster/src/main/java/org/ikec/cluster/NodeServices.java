package org.ikec.cluster;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.pekko.actor.typed.ActorRef;
import org.ikec.cluster.tunnel.TunnelIds;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.ike.IkeEvents;

/**
 * The services that the IKE SA entities on one node share: configuration, the data plane, the
 * node's SA directory, the SPI routing and the count of half-open IKE SAs. Each node builds its
 * own, and nothing here crosses the network.
 *
 * @param currentSettings the IKE settings that new IKE SAs take, replaced by {@link IkeCluster#reconfigure}
 * @param localEgress this node's UDP sockets, set by {@link IkeCluster#attachEgress}; restored IKE
 *     SAs send through it until the peer's next message arrives
 * @param localEntities the IKE SA entities running on this node, which datagrams reach directly
 * @param events where the IKE SAs report handshakes, latencies and retransmissions
 * @param logKeys whether the IKE SAs log their keys
 * @param addressPools where IKE SAs lease the virtual IP addresses that peers request
 * @param eapMethods creates the EAP method of each peer that authenticates with EAP
 */
record NodeServices(AtomicReference<IkeSettings> currentSettings, DataPlane dataPlane, ActorRef<SaDirectory.Command> directory,
                    SpiRouting routing, String nodeName, UnknownSpiReplies unknownSpiReplies,
                    HalfOpenCount halfOpen, AtomicReference<LocalEgress> localEgress, LocalEntities localEntities,
                    TunnelIds tunnelIds, AtomicReference<List<ActorRef<HandOffWaker.Wake>>> otherWakers,
                    IkeEvents events, boolean logKeys, SaCounts saCounts, AddressPools addressPools,
                    EapMethodFactory eapMethods) {

    /** Returns the IKE settings in force now. */
    IkeSettings settings() {
        return currentSettings.get();
    }
}
