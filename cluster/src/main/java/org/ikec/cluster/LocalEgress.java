package org.ikec.cluster;

import java.util.function.Consumer;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * This node's UDP sockets, in two forms: the actor that IKE SAs on other nodes send through, and
 * the same sending done on the caller's thread, which spares an IKE SA on this node one message
 * per datagram.
 *
 * @param actor the egress actor, which other nodes know as the egress of this node's requests
 * @param sender sends a datagram on the calling thread, as {@code actor} would; it must be thread-safe
 */
record LocalEgress(ActorRef<OutboundDatagram> actor, Consumer<OutboundDatagram> sender) {

    /** Sends {@code datagram} through {@code egress}: directly when it is this node's, else as a message. */
    void send(ActorRef<OutboundDatagram> egress, OutboundDatagram datagram) {
        if (egress.equals(actor)) {
            sender.accept(datagram);
        } else {
            egress.tell(datagram);
        }
    }
}
