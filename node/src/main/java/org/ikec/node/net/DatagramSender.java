package org.ikec.node.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

import org.ikec.cluster.OutboundDatagram;
import org.ikec.node.net.UdpSockets.BoundSocket;
import org.slf4j.Logger;

/**
 * Sends IKE messages through the socket bound to their {@code local} address, so that a reply
 * leaves from the address and port the request arrived on. On the NAT-T port it puts the
 * non-ESP marker in front (RFC 3948 §2.2). Any thread may call it: a datagram channel serializes
 * its sends, and the sockets and counters are thread-safe.
 */
public final class DatagramSender {

    private static final byte[] NON_ESP_MARKER = new byte[IngressFraming.NON_ESP_MARKER_LENGTH];

    private final UdpSockets sockets;
    private final UdpCounters counters;
    private final Logger log;

    public DatagramSender(UdpSockets sockets, UdpCounters counters, Logger log) {
        this.sockets = sockets;
        this.counters = counters;
        this.log = log;
    }

    /** Sends one datagram, or counts why it was dropped. */
    public void send(OutboundDatagram outbound) {
        Optional<BoundSocket> socket = sockets.socketFor(outbound.local());
        if (socket.isEmpty()) {
            counters.dropped(DropReason.NO_SOCKET);
            return;
        }

        ByteBuffer datagram = frame(socket.get().kind(), outbound.datagram());
        try {
            socket.get().channel().send(datagram, outbound.remote());
            counters.sent();
        } catch (IOException e) {
            counters.dropped(DropReason.SEND_FAILED);
            log.debug("sending to {} failed: {}", UdpSockets.text(outbound.remote()), e.toString());
        }
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
