package org.ikec.node.metrics;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.ikec.cluster.SpiRouting;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.IkeSaListener;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.MalformedMessageException;

/**
 * An IKEv2 initiator from the protocol module that talks to a node over a real UDP socket on
 * 127.0.0.1, one IKE SA per client. Every call waits at most {@link #TIMEOUT} per datagram.
 */
public final class UdpIkeClient implements IkeSaListener, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final DatagramSocket socket;
    private final InetSocketAddress node;
    private final IkeSaInitiator initiator;
    private final Deque<byte[]> outbox = new ArrayDeque<>();
    private IkeSa established;
    private IkeSa current;

    /**
     * @param proposal the only IKE proposal offered, such as {@code aes256gcm16-prfsha256-x25519}
     * @param psk the pre-shared key this client authenticates with
     */
    public UdpIkeClient(InetSocketAddress node, String proposal, String psk, long spiI) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.socket.setSoTimeout((int) TIMEOUT.toMillis());
        this.node = node;
        InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
        ChildConfig child = new ChildConfig("net", List.of("aes256gcm16"), List.of(TrafficSelectorSpec.parse("dynamic")),
                List.of(TrafficSelectorSpec.parse("0.0.0.0/0")), Duration.ofHours(1), Duration.ofMinutes(66),
                Duration.ofMinutes(1), "tunnel");
        ConnectionConfig connection = new ConnectionConfig("client", List.of(proposal), List.of(), List.of(),
                node.getPort(), new AuthConfig(AuthConfig.PSK, IkeIdentity.parse("client@ikec.test")),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse("gw.ikec.test")), List.of(child),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO);
        byte[] key = psk.getBytes(StandardCharsets.UTF_8);
        IkeSettings settings = new IkeSettings(List.of(connection), (a, b) -> Optional.of(key.clone()), 1000,
                Duration.ofSeconds(2), 1.0, 1, Duration.ofSeconds(30));
        // The NAT-T port is set to one that is never ours, so the client stays on its socket.
        this.initiator = new IkeSaInitiator(settings, connection, child, this,
                new SpiRouting("client-spi-secret".getBytes(StandardCharsets.US_ASCII)), spiI, local, node, 1);
    }

    /** Runs IKE_SA_INIT and IKE_AUTH; returns the IKE SA, or empty when the node refused it. */
    public Optional<IkeSa> connect() throws IOException {
        initiator.start(System.currentTimeMillis());
        while (!initiator.isDone()) {
            flush();
            byte[] reply = receive();
            deliver(reply);
        }
        current = established;
        return Optional.ofNullable(established);
    }

    /** Runs whatever the established IKE SA's timers start at {@code atMillis}, such as a CHILD SA rekey, to its end. */
    public void runTimersAt(long atMillis) throws IOException {
        current.onTimer(atMillis);
        while (!outbox.isEmpty()) {
            flush();
            deliver(receive());
        }
    }

    /** Deletes the IKE SA with an INFORMATIONAL exchange and waits for the node's response. */
    public void delete() throws IOException {
        current.terminate(System.currentTimeMillis());
        flush();
        deliver(receive());
    }

    public IkeSa sa() {
        return current;
    }

    private void flush() throws IOException {
        while (!outbox.isEmpty()) {
            byte[] datagram = outbox.remove();
            socket.send(new DatagramPacket(datagram, datagram.length, node));
        }
    }

    private byte[] receive() throws IOException {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the node sent nothing within " + TIMEOUT.toSeconds() + " s", e);
        }
        return Arrays.copyOf(buffer, packet.getLength());
    }

    private void deliver(byte[] datagram) {
        IkeHeader header;
        try {
            header = IkeCodec.decodeHeader(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            throw new AssertionError("the node sent a malformed IKE header", e);
        }
        InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
        long now = System.currentTimeMillis();
        if (current != null) {
            current.receive(datagram, header, node, local, now);
        } else {
            initiator.receive(datagram, header, node, local, now);
        }
    }

    @Override
    public void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
        outbox.add(datagram);
    }

    @Override
    public void established(IkeSa sa) {
        established = sa;
    }

    @Override
    public void childSaInstalled(IkeSa sa, ChildSa child) {
    }

    @Override
    public void childSaRemoved(IkeSa sa, ChildSa child) {
    }

    @Override
    public void rekeyed(IkeSa predecessor, IkeSa successor) {
        current = successor;
    }

    @Override
    public void closed(IkeSa sa, String reason) {
    }

    @Override
    public void close() {
        socket.close();
    }
}
