package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.ikec.protocol.crypto.DhReuse;
import org.ikec.protocol.crypto.KeyExchanges;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.KeyExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two handshakes in a row with Diffie-Hellman reuse on both sides (RFC 7296 §2.12): the KE
 * payloads repeat, and the nonces still give each IKE SA and CHILD SA keys of its own.
 */
class DhReuseExchangeTest {

    private static final DhReuse REUSE = new DhReuse(10, Duration.ofSeconds(5));
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";

    private record Handshake(byte[] keI, byte[] keR, ChildSa responderChild) {
    }

    @BeforeEach
    void startWithoutReusedKeys() {
        KeyExchanges.destroyExpiredReusedKeys(Long.MAX_VALUE);
    }

    @Test
    void keyExchangeRepeatsButKeysDiffer() throws Exception {
        Handshake first = handshake();
        Handshake second = handshake();

        assertThat(second.keI()).isEqualTo(first.keI());
        assertThat(second.keR()).isEqualTo(first.keR());
        assertThat(second.responderChild().encryptionKeyIn()).isNotEqualTo(first.responderChild().encryptionKeyIn());
        assertThat(second.responderChild().encryptionKeyOut()).isNotEqualTo(first.responderChild().encryptionKeyOut());
    }

    @Test
    void reuseOffSendsFreshKeyExchange() throws Exception {
        TwoPeers first = peers(DhReuse.OFF);
        TwoPeers second = peers(DhReuse.OFF);

        first.initiator.start(first.now);
        second.initiator.start(second.now);

        assertThat(keyExchange(second.initiatorSide.sent.peek())).isNotEqualTo(keyExchange(first.initiatorSide.sent.peek()));
    }

    private static Handshake handshake() throws Exception {
        TwoPeers peers = peers(REUSE);

        peers.initiator.start(peers.now);
        byte[] keI = keyExchange(peers.deliverToResponder());
        byte[] keR = keyExchange(peers.deliverToInitiator());
        peers.deliverAll();

        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.initiator.result()).isPresent();
        assertThat(peers.responderSide.installed).hasSize(1);
        return new Handshake(keI, keR, peers.responderSide.installed.get(0));
    }

    private static TwoPeers peers(DhReuse reuse) {
        TwoPeers plain = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        return new TwoPeers(plain.initiatorSettings.withDhReuse(reuse), plain.responderSettings.withDhReuse(reuse));
    }

    private static byte[] keyExchange(byte[] datagram) throws Exception {
        IkeMessage message = IkeCodec.decode(datagram, 0, datagram.length);
        return message.first(KeyExchange.class).orElseThrow().data();
    }
}
