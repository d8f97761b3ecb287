package org.ikec.node.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;

/**
 * The node's bound UDP sockets: one per listen address for the IKE port and one for the NAT-T
 * port. Sockets bound to a wildcard address report that wildcard as the local address, because
 * a DatagramChannel does not tell which address a datagram was sent to.
 */
public final class UdpSockets implements AutoCloseable {

    /** One bound socket and the local address it reports (with the actual port when 0 was asked). */
    public record BoundSocket(PortKind kind, InetSocketAddress local, DatagramChannel channel) {
    }

    private final List<BoundSocket> sockets;
    private final Map<InetSocketAddress, BoundSocket> byLocal;

    private UdpSockets(List<BoundSocket> sockets) {
        this.sockets = List.copyOf(sockets);
        this.byLocal = sockets.stream().collect(Collectors.toUnmodifiableMap(BoundSocket::local, Function.identity()));
    }

    /**
     * Binds every socket or none: if one bind fails, those already bound are closed again.
     *
     * @throws IOException naming the address that could not be bound
     */
    public static UdpSockets bind(List<InetAddress> addresses, int ikePort, int natPort, int receiveBufferBytes,
                                  Logger log) throws IOException {
        List<BoundSocket> bound = new ArrayList<>();
        try {
            for (InetAddress address : addresses) {
                bound.add(bindOne(PortKind.IKE, new InetSocketAddress(address, ikePort), receiveBufferBytes, log));
                bound.add(bindOne(PortKind.NAT_T, new InetSocketAddress(address, natPort), receiveBufferBytes, log));
            }
            return new UdpSockets(bound);
        } catch (IOException e) {
            for (BoundSocket socket : bound) {
                socket.channel().close();
            }
            throw e;
        }
    }

    private static BoundSocket bindOne(PortKind kind, InetSocketAddress address, int receiveBufferBytes, Logger log)
            throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            channel.bind(address);
        } catch (IOException e) {
            channel.close();
            String hint;
            if (e instanceof java.net.BindException && String.valueOf(e.getMessage()).contains("in use")) {
                hint = "; another process (another node?) has it; stop that process or choose another port";
            } else if (address.getPort() > 0 && address.getPort() < 1024) {
                hint = "; ports below 1024 need root or CAP_NET_BIND_SERVICE";
            } else {
                hint = "";
            }
            throw new IOException("cannot bind UDP " + text(address) + ": " + e.getMessage() + hint, e);
        }

        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        int granted = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        if (granted < receiveBufferBytes) {
            log.warn("UDP {} {}: receive buffer of {} bytes requested, the kernel granted {};"
                    + " raise net.core.rmem_max to allow more", kind, text(local), receiveBufferBytes, granted);
        } else {
            log.info("UDP {} {}: bound, receive buffer {} bytes", kind, text(local), granted);
        }
        return new BoundSocket(kind, local, channel);
    }

    public List<BoundSocket> sockets() {
        return sockets;
    }

    public Optional<BoundSocket> socketFor(InetSocketAddress local) {
        return Optional.ofNullable(byLocal.get(local));
    }

    public List<InetSocketAddress> locals(PortKind kind) {
        return sockets.stream().filter(socket -> socket.kind() == kind).map(BoundSocket::local).toList();
    }

    /** Formats an address as {@code 127.0.0.1:500} or {@code [::1]:500}, without a host name. */
    public static String text(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    @Override
    public void close() {
        for (BoundSocket socket : sockets) {
            try {
                socket.channel().close();
            } catch (IOException e) {
                // Closing a datagram channel only releases the descriptor; nothing is left to undo.
            }
        }
    }
}
