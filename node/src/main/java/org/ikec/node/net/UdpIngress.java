package org.ikec.node.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikec.node.net.IngressFraming.Dropped;
import org.ikec.node.net.IngressFraming.Ike;
import org.ikec.node.net.IngressFraming.Keepalive;
import org.ikec.node.loop.EventLoopGroup;
import org.ikec.node.net.UdpSockets.BoundSocket;
import org.slf4j.Logger;

/**
 * Receives datagrams on every bound socket, frames them with {@link IngressFraming} and hands IKE
 * messages to the router. It reads nothing beyond the framing, because the cluster parses the
 * header and finds the IKE SA. The sockets are read by the event loops of the node's dispatcher
 * when it runs on an {@link EventLoopGroup}, and otherwise by one blocking thread per socket.
 */
public final class UdpIngress implements AutoCloseable {

    /** One byte more than the largest datagram accepted, so that an oversized one is seen as such. */
    private static final int RECEIVE_BUFFER = IngressFraming.MAX_DATAGRAM_LENGTH + 1;

    /**
     * The datagrams an event loop reads from one socket before it runs the tasks they caused, so
     * that a flood on one socket does not hold back the replies or the other socket.
     */
    private static final int DATAGRAMS_PER_READ = 16;

    private final UdpSockets sockets;
    private final DatagramRouter router;
    private final UdpCounters counters;
    private final Logger log;
    private final List<Thread> threads = new ArrayList<>();
    private final List<EventLoopGroup.Registration> registrations = new ArrayList<>();
    private volatile boolean closing;

    private UdpIngress(UdpSockets sockets, DatagramRouter router, UdpCounters counters, Logger log) {
        this.sockets = sockets;
        this.router = router;
        this.counters = counters;
        this.log = log;
    }

    /**
     * Has {@code loops} read every socket, or starts one receive thread per socket when
     * {@code loops} is empty. Closing the ingress closes the sockets too.
     */
    public static UdpIngress start(UdpSockets sockets, DatagramRouter router, UdpCounters counters, Logger log,
                                   Optional<EventLoopGroup> loops) throws IOException {
        UdpIngress ingress = new UdpIngress(sockets, router, counters, log);
        if (loops.isPresent()) {
            for (BoundSocket socket : sockets.sockets()) {
                ByteBuffer buffer = ByteBuffer.allocate(RECEIVE_BUFFER);
                EventLoopGroup.Registration registration =
                        loops.get().register(socket.channel(), () -> ingress.readAvailable(socket, buffer));
                ingress.registrations.add(registration);
                log.debug("UDP {} {}: read by {}", socket.kind(), UdpSockets.text(socket.local()),
                        registration.threadName());
            }
            return ingress;
        }
        for (BoundSocket socket : sockets.sockets()) {
            Thread thread = new Thread(() -> ingress.receiveLoop(socket),
                    "udp-" + socket.kind().name().toLowerCase() + "-" + UdpSockets.text(socket.local()));
            thread.setDaemon(true);
            ingress.threads.add(thread);
            thread.start();
        }
        return ingress;
    }

    private void receiveLoop(BoundSocket socket) {
        ByteBuffer buffer = ByteBuffer.allocate(RECEIVE_BUFFER);
        while (!closing) {
            InetSocketAddress remote;
            try {
                remote = receive(socket, buffer);
            } catch (ClosedChannelException e) {
                break;
            }
            if (remote != null) {
                handle(socket, buffer.array(), buffer.position(), remote);
            }
        }
    }

    /** Reads what {@code socket} has, up to {@link #DATAGRAMS_PER_READ} datagrams, on an event loop. */
    private void readAvailable(BoundSocket socket, ByteBuffer buffer) {
        for (int read = 0; read < DATAGRAMS_PER_READ && !closing; read++) {
            InetSocketAddress remote;
            try {
                remote = receive(socket, buffer);
            } catch (ClosedChannelException e) {
                return;
            }
            if (remote == null) {
                return;
            }
            handle(socket, buffer.array(), buffer.position(), remote);
        }
    }

    /**
     * Receives one datagram into {@code buffer} and returns its sender, or null when a non-blocking
     * socket has none or the receive failed. A failure is counted, and the counters report it in a
     * rate-limited warning, so an error that repeats at once cannot flood the log. The error itself
     * is logged at debug level.
     */
    private InetSocketAddress receive(BoundSocket socket, ByteBuffer buffer) throws ClosedChannelException {
        buffer.clear();
        try {
            return (InetSocketAddress) socket.channel().receive(buffer);
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            counters.dropped(DropReason.RECEIVE_FAILED);
            log.debug("UDP {} {}: receive failed: {}", socket.kind(), UdpSockets.text(socket.local()), e.toString());
            return null;
        }
    }

    private void handle(BoundSocket socket, byte[] data, int length, InetSocketAddress remote) {
        IngressFraming.Frame frame = IngressFraming.classify(socket.kind(), data, length);
        if (frame instanceof Ike ike) {
            try {
                counters.routed(router.route(ike.message(), remote, socket.local()));
            } catch (RuntimeException e) {
                log.warn("routing a datagram from {} failed: {}", UdpSockets.text(remote), e.toString());
            }
        } else if (frame instanceof Keepalive) {
            counters.keepalive();
        } else if (frame instanceof Dropped dropped) {
            counters.dropped(dropped.reason());
        }
    }

    /**
     * Closes the sockets, which ends the receive threads, and waits up to a second for each. On
     * event loops it first cancels the sockets' registrations, so the ports are free at once.
     */
    @Override
    public void close() {
        closing = true;
        registrations.forEach(EventLoopGroup.Registration::close);
        sockets.close();
        for (Thread thread : threads) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
