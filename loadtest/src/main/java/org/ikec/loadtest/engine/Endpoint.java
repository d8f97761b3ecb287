package org.ikec.loadtest.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/**
 * One source address and port pair that clients send from, with its IKE socket and, when NAT-T is
 * on, its NAT-T socket. Several clients share a pair and are distinguished by their SPIs.
 *
 * @param index the pair's number, from 0; in the simultaneous scenario peer {@code index + 1}
 * @param nat the NAT-T socket, or {@code null} when NAT-T is off
 */
record Endpoint(int index, InetSocketAddress ikeLocal, DatagramChannel ike, InetSocketAddress natLocal,
                DatagramChannel nat) {

    /** Socket buffers large enough for a burst of handshakes; the kernel caps them at its maximum. */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    /** Binds the pair's sockets, non-blocking; {@code natLocal} is {@code null} when NAT-T is off. */
    static Endpoint bind(int index, InetSocketAddress ikeLocal, InetSocketAddress natLocal) throws IOException {
        DatagramChannel ike = open(ikeLocal);
        DatagramChannel nat = null;
        try {
            nat = natLocal == null ? null : open(natLocal);
        } catch (IOException e) {
            ike.close();
            throw e;
        }
        return new Endpoint(index, ikeLocal, ike, natLocal, nat);
    }

    private static DatagramChannel open(InetSocketAddress local) throws IOException {
        StandardProtocolFamily family = local.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel channel;
        try {
            channel = DatagramChannel.open(family);
        } catch (IOException e) {
            throw new IOException("cannot open a UDP socket for " + local.getAddress().getHostAddress() + ":"
                    + local.getPort() + ": " + e.getMessage(), e);
        }
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(local);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot bind UDP " + local.getAddress().getHostAddress() + ":" + local.getPort()
                    + ": " + e.getMessage(), e);
        }
    }

    int natPort() {
        return natLocal == null ? 0 : natLocal.getPort();
    }

    void close() {
        try {
            ike.close();
            if (nat != null) {
                nat.close();
            }
        } catch (IOException e) {
            // Closing a UDP socket only fails if it is already closed.
        }
    }
}
