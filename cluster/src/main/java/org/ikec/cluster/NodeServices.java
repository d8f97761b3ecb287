package org.ikec.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.ikec.protocol.config.IkeSettings;

/**
 * The services that the IKE SA entities on one node share: configuration, the data plane, the
 * node's SA directory, the SPI routing and the count of half-open IKE SAs. Each node builds its
 * own, and nothing here crosses the network.
 */
record NodeServices(IkeSettings settings, DataPlane dataPlane, ActorRef<SaDirectory.Command> directory,
                    SpiRouting routing, String nodeName, UnknownSpiReplies unknownSpiReplies,
                    HalfOpenCount halfOpen) {
}
