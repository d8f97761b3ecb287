package org.ikec.node.net;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ikec.cluster.OutboundDatagram;

/**
 * The actor through which IKE SAs on other nodes send the replies to requests that this node
 * received. IKE SAs on this node call its {@link DatagramSender} directly.
 */
public final class UdpEgress extends AbstractBehavior<OutboundDatagram> {

    private final DatagramSender sender;

    private UdpEgress(ActorContext<OutboundDatagram> context, DatagramSender sender) {
        super(context);
        this.sender = sender;
    }

    public static Behavior<OutboundDatagram> create(DatagramSender sender) {
        return Behaviors.setup(context -> new UdpEgress(context, sender));
    }

    @Override
    public Receive<OutboundDatagram> createReceive() {
        return newReceiveBuilder()
                .onMessage(OutboundDatagram.class, this::onOutboundDatagram)
                .build();
    }

    private Behavior<OutboundDatagram> onOutboundDatagram(OutboundDatagram outbound) {
        sender.send(outbound);
        return this;
    }
}
