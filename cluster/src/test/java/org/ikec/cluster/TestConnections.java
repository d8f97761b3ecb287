package org.ikec.cluster;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;

/**
 * The node's responder configuration and the matching client configuration, both authenticated by
 * one pre-shared key. Addresses are documentation ranges and only ever appear inside messages: no
 * datagram leaves the JVM.
 */
final class TestConnections {

    static final InetSocketAddress NODE = new InetSocketAddress("198.51.100.1", 500);
    static final String PSK = "ikec-cluster-test-psk";
    static final String IKE_PROPOSAL = "aes256gcm16-prfsha256-x25519";
    static final String ESP_PROPOSAL = "aes128-sha256";
    static final String NODE_ID = "gw.ikec.test";
    static final String CLIENT_ID = "client1@ikec.test";
    static final String CHILD_NAME = "net";

    private TestConnections() {
    }

    /**
     * Returns the node's settings: connection "rw" for any peer identity, with liveness checks off.
     * A DELETE request is retransmitted once after a second, and the IKE SA is dropped a second
     * later, so an unanswered DELETE ends quickly.
     */
    static IkeSettings node() {
        ChildConfig child = child("192.0.2.128/25", "192.0.2.64/26");
        return settings(connection("rw", NODE_ID, "%any", child));
    }

    static ChildConfig clientChild() {
        return child("192.0.2.65/32", "192.0.2.128/25");
    }

    static ConnectionConfig clientConnection() {
        return connection("client", CLIENT_ID, NODE_ID, clientChild());
    }

    static IkeSettings client() {
        return settings(clientConnection());
    }

    private static ChildConfig child(String localTs, String remoteTs) {
        return new ChildConfig(CHILD_NAME, List.of(ESP_PROPOSAL), List.of(TrafficSelectorSpec.parse(localTs)),
                List.of(TrafficSelectorSpec.parse(remoteTs)), Duration.ofHours(1), Duration.ofMinutes(66),
                Duration.ofMinutes(6), "tunnel");
    }

    private static ConnectionConfig connection(String name, String localId, String remoteId, ChildConfig child) {
        return new ConnectionConfig(name, List.of(IKE_PROPOSAL), List.of(), List.of(), 500,
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(localId)),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(remoteId)), List.of(child),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO);
    }

    private static IkeSettings settings(ConnectionConfig connection) {
        byte[] psk = PSK.getBytes(StandardCharsets.UTF_8);
        return new IkeSettings(List.of(connection), (local, remote) -> Optional.of(psk.clone()),
                1000, Duration.ofSeconds(1), 1.0, 1, Duration.ofSeconds(30));
    }
}
