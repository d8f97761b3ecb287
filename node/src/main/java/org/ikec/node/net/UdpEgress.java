package org.ikec.node.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.ikec.cluster.OutboundDatagram;
import org.ikec.node.net.UdpSockets.BoundSocket;
import org.slf4j.Logger;

/**
 * Sends IKE messages through the socket bound to their {@code local} address, so that a reply
 * leaves from the address and port the request arrived on. On the NAT-T port it puts the
 * non-ESP marker in front (RFC 3948 §2.2).
 */
public final class UdpEgress extends AbstractBehavior<OutboundDatagram> {

    private static final byte[] NON_ESP_MARKER = new byte[IngressFraming.NON_ESP_MARKER_LENGTH];

    private final UdpSockets sockets;
    private final UdpCounters counters;
    private final Logger log;

    private UdpEgress(ActorContext<OutboundDatagram> context, UdpSockets sockets, UdpCounters counters, Logger log) {
        super(context);
        this.sockets = sockets;
        this.counters = counters;
        this.log = log;
    }

    public static Behavior<OutboundDatagram> create(UdpSockets sockets, UdpCounters counters, Logger log) {
        return Behaviors.setup(context -> new UdpEgress(context, sockets, counters, log));
    }

    @Override
    public Receive<OutboundDatagram> createReceive() {
        return newReceiveBuilder()
                .onMessage(OutboundDatagram.class, this::onOutboundDatagram)
                .build();
    }

    private Behavior<OutboundDatagram> onOutboundDatagram(OutboundDatagram outbound) {
        Optional<BoundSocket> socket = sockets.socketFor(outbound.local());
        if (socket.isEmpty()) {
            counters.dropped(DropReason.NO_SOCKET);
            return this;
        }

        ByteBuffer datagram = frame(socket.get().kind(), outbound.datagram());
        try {
            socket.get().channel().send(datagram, outbound.remote());
            counters.sent();
        } catch (IOException e) {
            counters.dropped(DropReason.SEND_FAILED);
            log.debug("sending to {} failed: {}", UdpSockets.text(outbound.remote()), e.toString());
        }
        return this;
    }

    static ByteBuffer frame(PortKind kind, byte[] message) {
        if (kind == PortKind.IKE) {
            return ByteBuffer.wrap(message);
        }
        ByteBuffer datagram = ByteBuffer.allocate(NON_ESP_MARKER.length + message.length);
        datagram.put(NON_ESP_MARKER).put(message).flip();
        return datagram;
    }
}
