package org.ikec.cluster;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.ikec.cluster.IkeCluster.RouteResult;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.IkeSaListener;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.MalformedMessageException;

/**
 * An in-process IKE client wired to a node through {@link IkeCluster#route}. The client's
 * datagrams queue until the test routes them. An egress probe plays the node's UDP socket, and the
 * test hands what it receives to the client's initiator, or to its IKE SA once IKE_AUTH completed.
 */
final class RoutedClient implements IkeSaListener {

    private static final int NAT_T_PORT = 4500;

    final InetSocketAddress address;
    final TestProbe<OutboundDatagram> egress;
    final IkeSaInitiator initiator;
    final List<ChildSa> installed = new ArrayList<>();
    final List<ChildSa> removed = new ArrayList<>();
    final List<String> closedReasons = new ArrayList<>();

    private final IkeCluster cluster;
    private final Deque<byte[]> outbox = new ArrayDeque<>();
    private IkeSa established;

    RoutedClient(OneNodeCluster node, long spiI, InetSocketAddress address) {
        this(node, spiI, address, TestConnections.client());
    }

    /** Creates a client with the first connection of {@code settings} and its first CHILD SA. */
    RoutedClient(OneNodeCluster node, long spiI, InetSocketAddress address, IkeSettings settings) {
        this.cluster = node.cluster;
        this.address = address;
        this.egress = node.testKit.createTestProbe(OutboundDatagram.class);
        ConnectionConfig connection = settings.connections().get(0);
        this.initiator = new IkeSaInitiator(settings, connection, connection.children().get(0), this,
                new SpiRouting("client-side-spi-secret".getBytes()), spiI, address, TestConnections.NODE, NAT_T_PORT);
    }

    /** Queues the IKE_SA_INIT request. */
    void start() {
        initiator.start(System.currentTimeMillis());
    }

    /** Removes and returns the oldest datagram the client sent. */
    byte[] takeSent() {
        byte[] datagram = outbox.poll();
        if (datagram == null) {
            throw new AssertionError("the client sent nothing");
        }
        return datagram;
    }

    RouteResult route(byte[] datagram) {
        return cluster.route(datagram, address, TestConnections.NODE, egress.ref());
    }

    /** Waits for the next datagram the node sends through this client's egress. */
    OutboundDatagram awaitFromNode() {
        return egress.receiveMessage(OneNodeCluster.TIMEOUT);
    }

    /** Hands a datagram from the node to the initiator, or to the IKE SA once it exists. */
    void deliver(OutboundDatagram outbound) {
        byte[] datagram = outbound.datagram();
        IkeHeader header = header(datagram);
        long now = System.currentTimeMillis();
        if (established == null) {
            initiator.receive(datagram, header, outbound.local(), address, now);
        } else {
            established.receive(datagram, header, outbound.local(), address, now);
        }
    }

    /** Routes the oldest queued datagram, then delivers the node's response and returns it. */
    OutboundDatagram exchange() {
        RouteResult result = route(takeSent());
        if (result != RouteResult.ROUTED) {
            throw new AssertionError("route returned " + result + ", expected ROUTED");
        }
        OutboundDatagram response = awaitFromNode();
        deliver(response);
        return response;
    }

    /** Runs IKE_SA_INIT and IKE_AUTH through the node and returns the client's IKE SA. */
    IkeSa establish() {
        start();
        exchange();
        exchange();
        return ikeSa().orElseThrow(() -> new AssertionError("IKE_AUTH did not complete; initiator failed: "
                + initiator.isFailed()));
    }

    Optional<IkeSa> ikeSa() {
        return Optional.ofNullable(established);
    }

    /** Returns the node's id of this client's IKE SA, which is SPIr in hex because the node is the responder. */
    String saId() {
        return Snapshots.id(ikeSa().orElseThrow().spiR());
    }

    static IkeHeader header(byte[] datagram) {
        try {
            return IkeCodec.decodeHeader(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            throw new AssertionError("the node sent a malformed IKE header", e);
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
        installed.add(child);
    }

    @Override
    public void childSaRemoved(IkeSa sa, ChildSa child) {
        removed.add(child);
    }

    @Override
    public void rekeyed(IkeSa predecessor, IkeSa successor) {
        established = successor;
    }

    @Override
    public void closed(IkeSa sa, String reason) {
        closedReasons.add(reason);
    }
}
