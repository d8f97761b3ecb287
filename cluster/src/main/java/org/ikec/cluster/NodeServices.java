package org.ikec.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.ikec.protocol.config.IkeSettings;

/**
 * What the IKE SA entities on one node share: configuration, the data plane, the node's SA
 * directory and the SPI routing. Each node builds its own; nothing here crosses the network.
 */
record NodeServices(IkeSettings settings, DataPlane dataPlane, ActorRef<SaDirectory.Command> directory,
                    SpiRouting routing, String nodeName, UnknownSpiReplies unknownSpiReplies) {
}
