package org.ikec.node.mgmt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

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
import org.ikec.protocol.ike.SpiSource;
import org.ikec.protocol.wire.ConfigAttribute;
import org.ikec.protocol.wire.ConfigAttributeType;
import org.ikec.protocol.wire.ConfigType;
import org.ikec.protocol.wire.Configuration;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.MalformedMessageException;

/**
 * An IKE initiator on a loopback UDP socket that talks to one node, built from the protocol
 * module's state machines. A thread of its own responds to the node's requests (rekeys, deletes,
 * liveness checks) and runs the timers; every call on the IKE SAs holds the peer's lock.
 */
final class UdpIkePeer implements IkeSaListener, AutoCloseable {

    static final String NODE_ID = "gw.ikec.test";
    static final String IKE_PROPOSAL = "aes256gcm16-prfsha256-x25519";
    static final String ESP_PROPOSAL = "aes128-sha256";

    private final DatagramSocket socket;
    private final InetSocketAddress node;
    private final IkeSaInitiator initiator;
    private final Thread receiver;
    /** The peer's IKE SAs by the SPI on the peer's side; an IKE SA rekey adds the successor. */
    private final Map<Long, IkeSa> sas = new HashMap<>();
    private volatile boolean running = true;
    private IkeSa current;

    /**
     * Binds {@code address} (port 0 picks one) and prepares IKE_SA_INIT to {@code node} as
     * {@code identity}, authenticated with {@code psk}.
     */
    UdpIkePeer(InetSocketAddress address, InetSocketAddress node, int nodeNatPort, String identity, String psk) {
        this(address, node, nodeNatPort, identity, psk, "192.0.2.65/32", null);
    }

    /**
     * Prepares IKE_SA_INIT like the other constructor, with a CFG_REQUEST in IKE_AUTH that requests
     * {@code requested} as the virtual IPv4 address and the IPv4 name servers, and TSi 0.0.0.0/0 so
     * that the node can narrow the CHILD SA to the address it leases.
     */
    static UdpIkePeer requestingAddress(InetSocketAddress address, InetSocketAddress node, int nodeNatPort,
                                        String identity, String psk, Inet4Address requested) {
        Configuration request = new Configuration(ConfigType.CFG_REQUEST,
                List.of(new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, requested.getAddress()),
                        new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_DNS, new byte[0])));
        return new UdpIkePeer(address, node, nodeNatPort, identity, psk, "0.0.0.0/0", request);
    }

    private UdpIkePeer(InetSocketAddress address, InetSocketAddress node, int nodeNatPort, String identity,
                       String psk, String localTs, Configuration configurationRequest) {
        try {
            this.socket = new DatagramSocket(address);
            this.socket.setSoTimeout(50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the test peer to " + address, e);
        }
        this.node = node;
        ChildConfig child = new ChildConfig("net", List.of(ESP_PROPOSAL),
                List.of(TrafficSelectorSpec.parse(localTs)), List.of(TrafficSelectorSpec.parse("192.0.2.128/25")),
                Duration.ofHours(1), Duration.ofMinutes(66), Duration.ofMinutes(6), "tunnel");
        ConnectionConfig connection = new ConnectionConfig("client", List.of(IKE_PROPOSAL), List.of(), List.of(),
                node.getPort(), new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(identity)),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(NODE_ID)), List.of(child), Duration.ofHours(4),
                Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO);
        byte[] key = psk.getBytes(StandardCharsets.UTF_8);
        IkeSettings settings = new IkeSettings(List.of(connection), (local, remote) -> Optional.of(key.clone()), 1000,
                Duration.ofSeconds(1), 1.0, 2, Duration.ofSeconds(30));
        long spiI = ThreadLocalRandom.current().nextLong() | 1;
        this.initiator = new IkeSaInitiator(settings, connection, child, this, new RandomSpis(),
                spiI, (InetSocketAddress) socket.getLocalSocketAddress(), node, nodeNatPort);
        if (configurationRequest != null) {
            this.initiator.requestConfiguration(configurationRequest);
        }
        this.receiver = new Thread(this::receiveLoop, "udp-ike-peer-" + address.getAddress().getHostAddress());
        this.receiver.setDaemon(true);
        this.receiver.start();
    }

    private static final class RandomSpis implements SpiSource {

        @Override
        public long newIkeSpi(long predecessorSpi) {
            return ThreadLocalRandom.current().nextLong() | 1;
        }

        @Override
        public int newChildSpi() {
            return ThreadLocalRandom.current().nextInt(0x1000, Integer.MAX_VALUE);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Runs IKE_SA_INIT and IKE_AUTH; returns whether the IKE SA was established within 10 seconds. */
    boolean establish() {
        synchronized (this) {
            initiator.start(System.currentTimeMillis());
        }
        return await(() -> current != null || initiator.isFailed(), Duration.ofSeconds(10)) && current != null;
    }

    /** Returns the INTERNAL_IP4_ADDRESS of the node's CFG_REPLY, or empty when it sent none. */
    synchronized Optional<InetAddress> leasedIpv4() throws UnknownHostException {
        List<InetAddress> addresses = replyAddresses(ConfigAttributeType.INTERNAL_IP4_ADDRESS);
        return addresses.isEmpty() ? Optional.empty() : Optional.of(addresses.get(0));
    }

    /** Returns the INTERNAL_IP4_DNS servers of the node's CFG_REPLY, in reply order. */
    synchronized List<InetAddress> ipv4NameServers() throws UnknownHostException {
        return replyAddresses(ConfigAttributeType.INTERNAL_IP4_DNS);
    }

    private List<InetAddress> replyAddresses(int type) throws UnknownHostException {
        Configuration reply = initiator.configurationReply();
        List<InetAddress> addresses = new ArrayList<>();
        if (reply == null) {
            return addresses;
        }
        for (ConfigAttribute attribute : reply.attributes()) {
            if (attribute.type() == type && attribute.value().length >= 4) {
                addresses.add(InetAddress.getByAddress(java.util.Arrays.copyOf(attribute.value(), 4)));
            }
        }
        return addresses;
    }

    /** Returns whether IKE_SA_INIT or IKE_AUTH failed, such as after AUTHENTICATION_FAILED. */
    synchronized boolean failed() {
        return initiator.isFailed();
    }

    /** Returns the node's id of the current IKE SA: the node's SPI in hex, SPIr unless the node rekeyed it. */
    synchronized String nodeSaId() {
        long nodeSpi = current.originalInitiator() ? current.spiR() : current.spiI();
        return String.format("%016x", nodeSpi);
    }

    /** Returns the current IKE SA's CHILD SAs as stored on this peer. */
    synchronized List<ChildSa> children() {
        return current == null ? List.of() : List.copyOf(current.children());
    }

    /** Returns whether the current IKE SA is closed, as after the node deleted it. */
    synchronized boolean closed() {
        return current == null || current.isClosed();
    }

    /** Waits up to {@code timeout} for {@code condition}, checked under the peer's lock. */
    boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (condition.getAsBoolean()) {
                    return true;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void receiveLoop() {
        byte[] buffer = new byte[65535];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] datagram = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                deliver(datagram, (InetSocketAddress) packet.getSocketAddress());
            } catch (SocketTimeoutException e) {
                runTimers();
            } catch (IOException e) {
                if (running) {
                    throw new UncheckedIOException("the test peer's socket failed", e);
                }
            }
        }
    }

    private synchronized void deliver(byte[] datagram, InetSocketAddress from) {
        IkeHeader header;
        try {
            header = IkeCodec.decodeHeader(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            return;
        }
        long now = System.currentTimeMillis();
        long ourSpi = header.isInitiator() ? header.spiR() : header.spiI();
        IkeSa sa = sas.get(ourSpi);
        if (sa != null) {
            sa.receive(datagram, header, from, address(), now);
        } else if (!initiator.isDone()) {
            initiator.receive(datagram, header, from, address(), now);
        }
    }

    private synchronized void runTimers() {
        long now = System.currentTimeMillis();
        if (!initiator.isDone() && initiator.nextDeadline() <= now) {
            initiator.onTimer(now);
        }
        for (IkeSa sa : List.copyOf(sas.values())) {
            if (sa.nextDeadline() <= now) {
                sa.onTimer(now);
            }
        }
    }

    @Override
    public void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, remote));
        } catch (IOException e) {
            throw new UncheckedIOException("the test peer could not send to " + remote, e);
        }
    }

    @Override
    public void established(IkeSa sa) {
        sas.put(sa.ourSpi(), sa);
        current = sa;
    }

    @Override
    public void childSaInstalled(IkeSa sa, ChildSa child) {
    }

    @Override
    public void childSaRemoved(IkeSa sa, ChildSa child) {
    }

    @Override
    public void rekeyed(IkeSa predecessor, IkeSa successor) {
        sas.put(successor.ourSpi(), successor);
        current = successor;
    }

    @Override
    public void closed(IkeSa sa, String reason) {
        sas.remove(sa.ourSpi());
    }

    /** Stops the receiving thread and closes the socket; the node's IKE SA stays until it times out. */
    @Override
    public void close() {
        running = false;
        socket.close();
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "UdpIkePeer[" + address() + " -> " + node + "]";
    }
}
