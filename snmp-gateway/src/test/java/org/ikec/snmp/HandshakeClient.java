package org.ikec.snmp;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.ikec.cluster.IkeCluster;
import org.ikec.cluster.OutboundDatagram;
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
 * An in-process IKEv2 initiator that talks to a node through {@link IkeCluster#route}; an egress
 * probe plays the node's UDP socket. Addresses are documentation ranges that never leave the JVM.
 */
final class HandshakeClient implements IkeSaListener {

    static final InetSocketAddress NODE = new InetSocketAddress("198.51.100.1", 500);
    static final String CONNECTION = "rw";
    private static final String PSK = "snmp-feed-test-psk";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-ecp256";
    private static final String ESP_PROPOSAL = "aes128-sha256";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    final InetSocketAddress address;
    final TestProbe<OutboundDatagram> egress;
    private final IkeCluster cluster;
    private final IkeSaInitiator initiator;
    private final Deque<byte[]> outbox = new ArrayDeque<>();
    private IkeSa established;

    HandshakeClient(IkeCluster cluster, TestProbe<OutboundDatagram> egress, long spiI, InetSocketAddress address) {
        this.cluster = cluster;
        this.egress = egress;
        this.address = address;
        ChildConfig child = child("192.0.2.65/32", "192.0.2.128/25");
        ConnectionConfig connection = connection("client", "client@ikec.test", "gw.ikec.test", child);
        this.initiator = new IkeSaInitiator(settings(connection), connection, child, this,
                new SpiRouting("client-side-spi-secret".getBytes(StandardCharsets.US_ASCII)), spiI, address, NODE, 4500);
    }

    /** Returns the node's responder settings: connection "rw" for any peer identity. */
    static IkeSettings nodeSettings() {
        return settings(connection(CONNECTION, "gw.ikec.test", "%any", child("192.0.2.128/25", "192.0.2.64/26")));
    }

    /** Runs IKE_SA_INIT and IKE_AUTH through the node. */
    IkeSa establish() {
        initiator.start(System.currentTimeMillis());
        exchange();
        exchange();
        return Optional.ofNullable(established)
                .orElseThrow(() -> new AssertionError("IKE_AUTH did not complete; initiator failed: " + initiator.isFailed()));
    }

    /** Returns the node's id of this client's IKE SA: SPIr in hex, because the node is the responder. */
    String saId() {
        return String.format("%016x", established.spiR());
    }

    /** Sends the response to the node's DELETE request after {@link IkeCluster#terminate}. */
    void answerDelete() {
        deliver(egress.receiveMessage(TIMEOUT));
        route(outbox.remove());
    }

    private void exchange() {
        route(outbox.remove());
        deliver(egress.receiveMessage(TIMEOUT));
    }

    private void route(byte[] datagram) {
        IkeCluster.RouteResult result = cluster.route(datagram, address, NODE, egress.ref());
        if (result != IkeCluster.RouteResult.ROUTED) {
            throw new AssertionError("route returned " + result + ", expected ROUTED");
        }
    }

    private void deliver(OutboundDatagram outbound) {
        byte[] datagram = outbound.datagram();
        IkeHeader header;
        try {
            header = IkeCodec.decodeHeader(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            throw new AssertionError("the node sent a malformed IKE header", e);
        }
        long now = System.currentTimeMillis();
        if (established == null) {
            initiator.receive(datagram, header, outbound.local(), address, now);
        } else {
            established.receive(datagram, header, outbound.local(), address, now);
        }
    }

    private static ChildConfig child(String localTs, String remoteTs) {
        return new ChildConfig("net", List.of(ESP_PROPOSAL), List.of(TrafficSelectorSpec.parse(localTs)),
                List.of(TrafficSelectorSpec.parse(remoteTs)), Duration.ofHours(1), Duration.ofMinutes(66),
                Duration.ofMinutes(6), "tunnel");
    }

    private static ConnectionConfig connection(String name, String localId, String remoteId, ChildConfig child) {
        return new ConnectionConfig(name, List.of(PROPOSAL), List.of(), List.of(), 500,
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(localId)),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(remoteId)), List.of(child),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO);
    }

    private static IkeSettings settings(ConnectionConfig connection) {
        byte[] psk = PSK.getBytes(StandardCharsets.UTF_8);
        return new IkeSettings(List.of(connection), (local, remote) -> Optional.of(psk.clone()),
                1000, Duration.ofSeconds(1), 1.0, 1, Duration.ofSeconds(30));
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
        established = successor;
    }

    @Override
    public void closed(IkeSa sa, String reason) {
    }
}
