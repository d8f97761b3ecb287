package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;

import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.wire.ExchangeType;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

/**
 * An established IKE SA exported, sent through Jackson CBOR as the cluster would send it, and
 * restored, after which the peer keeps using it without noticing (RFC 7296 §2.1-2.4, §1.3.3, §1.4.1).
 */
class IkeSaHandOffTest {

    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    /** Configured as Pekko's jackson-cbor serializer is by default, which ignores unknown properties. */
    private static final CBORMapper CBOR = CBORMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static TwoPeers established() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk",
                List.of("aes128-sha256"), List.of("aes128-sha256"));
        peers.establish();
        peers.deliverAll();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        return peers;
    }

    /** The SPI source of the node that takes the IKE SA over; its CHILD SPIs differ from the first node's. */
    private static final class NewNodeSpis implements SpiSource {
        private int nextChildSpi = 0x2000;

        @Override
        public long newIkeSpi(long predecessorSpi) {
            return predecessorSpi + 1;
        }

        @Override
        public int newChildSpi() {
            return nextChildSpi++;
        }
    }

    private static IkeSaState throughCbor(IkeSaState state) throws IOException {
        byte[] encoded = CBOR.writeValueAsBytes(state);
        return CBOR.readValue(encoded, IkeSaState.class);
    }

    /** Exports the responder's IKE SA, restores it from CBOR and puts it where the old one was. */
    private static IkeSa moveResponder(TwoPeers peers) throws IOException {
        IkeSa original = peers.responder;
        IkeSaState decoded = throughCbor(original.exportState());

        IkeSa restored = IkeSa.restore(decoded, peers.responderSettings, peers.responderSide, new NewNodeSpis());
        peers.responder = restored;
        peers.responderSide.sas.replaceAll(sa -> sa == original ? restored : sa);
        return restored;
    }

    @Test
    void restoredSaKeepsItsIdentity() throws IOException {
        TwoPeers peers = established();
        IkeSa original = peers.responder;
        ChildSa originalChild = original.children().get(0);

        IkeSa restored = moveResponder(peers);

        assertThat(restored).isNotSameAs(original);
        assertThat(restored.spiI()).isEqualTo(original.spiI());
        assertThat(restored.spiR()).isEqualTo(original.spiR());
        assertThat(restored.originalInitiator()).isFalse();
        assertThat(restored.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(restored.connectionName()).isEqualTo("rw");
        assertThat(restored.localId()).isEqualTo(original.localId());
        assertThat(restored.remoteId()).isEqualTo(original.remoteId());
        assertThat(restored.local()).isEqualTo(TwoPeers.RESPONDER);
        assertThat(restored.remote()).isEqualTo(TwoPeers.INITIATOR);
        assertThat(restored.proposalDescription()).isEqualTo(PROPOSAL);
        assertThat(restored.establishedAtMillis()).isEqualTo(original.establishedAtMillis());
        assertThat(restored.nextDeadline()).isEqualTo(original.nextDeadline());
        assertThat(restored.children()).hasSize(1);

        ChildSa child = restored.children().get(0);
        assertThat(child.config()).isSameAs(peers.responderSettings.connections().get(0).children().get(0));
        assertThat(child.inboundSpi()).isEqualTo(originalChild.inboundSpi());
        assertThat(child.outboundSpi()).isEqualTo(originalChild.outboundSpi());
        assertThat(child.suite()).isEqualTo(originalChild.suite());
        assertThat(child.proposal()).isEqualTo("aes128-sha256");
        assertThat(child.localTs()).isEqualTo(originalChild.localTs());
        assertThat(child.remoteTs()).isEqualTo(originalChild.remoteTs());
        assertThat(child.encryptionKeyIn()).isEqualTo(originalChild.encryptionKeyIn());
        assertThat(child.integrityKeyOut()).isEqualTo(originalChild.integrityKeyOut());
        assertThat(child.rekeyAtMillis()).isEqualTo(originalChild.rekeyAtMillis());
        assertThat(child.expireAtMillis()).isEqualTo(originalChild.expireAtMillis());
    }

    @Test
    void exportedStatePrintsNoKey() {
        TwoPeers peers = established();
        IkeSaState state = peers.responder.exportState();
        String keyHex = HexFormat.of().formatHex(state.keys().keymat(), 0, 16);

        assertThat(state.keys().toString()).isEqualTo("IkeKeyMaterial.Exported[aes256gcm16-prfsha256-x25519, " + state.keys().keymat().length + " bytes of keys]");
        assertThat(state.toString()).doesNotContain(keyHex);
        assertThat(state.children().get(0).toString()).startsWith("IkeSaState.Child[net in=");
    }

    @Test
    void peerKeepsUsingRestoredSa() throws IOException {
        TwoPeers peers = established();
        IkeSa initiatorSa = peers.initiatorSide.established;
        ChildSa oldChild = peers.responder.children().get(0);
        IkeSa restored = moveResponder(peers);

        // <--  HDR(message ID 0), SK {}      liveness check after dpd_delay of silence
        // HDR(message ID 0, response), SK {}  -->
        peers.now += 30_000;
        restored.onTimer(peers.now);
        byte[] check = peers.deliverToInitiator();
        assertThat(TwoPeers.header(check).exchangeType()).isEqualTo(ExchangeType.INFORMATIONAL);
        assertThat(TwoPeers.header(check).messageId()).isEqualTo(0);
        peers.deliverToResponder();
        assertThat(restored.nextDeadline()).isEqualTo(peers.now + 30_000);

        // HDR(message ID 2), SK {}  -->      the peer's own liveness check
        //                      <--  HDR(message ID 2, response), SK {}
        initiatorSa.enqueue(new InformationalInitiator.LivenessCheck(), peers.now);
        byte[] peerCheck = peers.deliverToResponder();
        assertThat(TwoPeers.header(peerCheck).messageId()).isEqualTo(2);
        peers.deliverToInitiator();

        // <--  HDR(message ID 1), SK {N(REKEY_SA), SA, Ni, TSi, TSr}
        // HDR(message ID 1, response), SK {SA, Nr, TSi, TSr}  -->
        // <--  HDR(message ID 2), SK {D(ESP, old SPI)}   and its answer with the peer's old SPI
        restored.markChildBusy(oldChild);
        restored.enqueue(new CreateChildSaInitiator.RekeyChildSa(restored.children().get(0)), peers.now);
        peers.deliverAll();

        assertThat(restored.children()).hasSize(1);
        assertThat(initiatorSa.children()).hasSize(1);
        ChildSa newChild = restored.children().get(0);
        ChildSa peerChild = initiatorSa.children().get(0);
        assertThat(newChild.inboundSpi()).isNotEqualTo(oldChild.inboundSpi());
        assertThat(newChild.inboundSpi()).isEqualTo(peerChild.outboundSpi());
        assertThat(newChild.outboundSpi()).isEqualTo(peerChild.inboundSpi());
        assertThat(newChild.encryptionKeyIn()).isEqualTo(peerChild.encryptionKeyOut());
        assertThat(newChild.integrityKeyIn()).isEqualTo(peerChild.integrityKeyOut());
        assertThat(peers.responderSide.removed).extracting(ChildSa::inboundSpi)
                .containsExactly(oldChild.inboundSpi());
        assertThat(peers.initiatorSide.removed).extracting(ChildSa::outboundSpi)
                .containsExactly(oldChild.inboundSpi());

        // <--  HDR(message ID 3), SK {D(IKE)}
        // HDR(message ID 3, response), SK {}  -->
        restored.terminate(peers.now);
        peers.deliverAll();

        assertThat(restored.isClosed()).isTrue();
        assertThat(initiatorSa.isClosed()).isTrue();
        assertThat(peers.responderSide.closed).containsExactly("deleted by us");
        assertThat(peers.initiatorSide.closed).containsExactly("deleted by peer");
    }

    @Test
    void retransmittedRequestGetsCachedResponseFromRestoredSa() throws IOException {
        TwoPeers peers = established();
        IkeSa initiatorSa = peers.initiatorSide.established;

        // HDR(message ID 2), SK {}  -->      answered, but the answer is lost
        initiatorSa.enqueue(new InformationalInitiator.LivenessCheck(), peers.now);
        byte[] request = peers.initiatorSide.sent.peek().clone();
        peers.deliverToResponder();
        byte[] answer = peers.responderSide.sent.poll();
        moveResponder(peers);

        // HDR(message ID 2), SK {}  -->      the peer's retransmission
        //                      <--  the same response, byte for byte
        peers.initiatorSide.sent.add(request);
        peers.deliverToResponder();
        byte[] again = peers.deliverToInitiator();

        assertThat(again).isEqualTo(answer);
        assertThat(initiatorSa.nextDeadline()).isEqualTo(peers.now + 30_000);
    }

    @Test
    void outstandingRequestIsSentAgainUnderItsMessageId() throws IOException {
        TwoPeers peers = established();
        IkeSa initiatorSa = peers.initiatorSide.established;

        // <--  HDR(message ID 0), SK {}      reaches the peer, whose answer is lost in the move
        peers.now += 30_000;
        peers.responder.onTimer(peers.now);
        byte[] check = peers.responderSide.sent.peek().clone();
        peers.deliverToInitiator();
        peers.initiatorSide.sent.clear();
        IkeSa restored = moveResponder(peers);

        // <--  the same request again; the peer answers from its cache
        assertThat(restored.nextDeadline()).isEqualTo(0);
        restored.onTimer(peers.now);
        byte[] replayed = peers.deliverToInitiator();
        assertThat(replayed).isEqualTo(check);
        peers.deliverToResponder();
        assertThat(restored.nextDeadline()).isEqualTo(peers.now + 30_000);

        // <--  HDR(message ID 1), SK {D(IKE)}: the next request takes the next message ID
        restored.terminate(peers.now);
        byte[] delete = peers.deliverToInitiator();
        assertThat(TwoPeers.header(delete).messageId()).isEqualTo(1);
        peers.deliverToResponder();
        assertThat(restored.isClosed()).isTrue();
        assertThat(initiatorSa.isClosed()).isTrue();
    }

    @Test
    void outstandingDeleteClosesRestoredSa() throws IOException {
        TwoPeers peers = established();
        IkeSa initiatorSa = peers.initiatorSide.established;

        // <--  HDR(message ID 0), SK {D(IKE)}   lost before the move
        peers.responder.terminate(peers.now);
        peers.responderSide.sent.clear();
        IkeSa restored = moveResponder(peers);
        assertThat(restored.state()).isEqualTo(IkeSa.State.DELETING);

        restored.onTimer(peers.now);
        peers.deliverAll();

        assertThat(restored.isClosed()).isTrue();
        assertThat(initiatorSa.isClosed()).isTrue();
        assertThat(peers.responderSide.closed).containsExactly("deleted by us");
    }

    @Test
    void restoreWithoutItsConnectionFails() {
        TwoPeers peers = established();
        IkeSaState state = peers.responder.exportState();
        IkeSettings other = TwoPeers.settings(TwoPeers.connection("other", List.of(PROPOSAL), "gw.ikec.test",
                "%any", TwoPeers.child(List.of("aes128-sha256"), "192.0.2.128/25", "192.0.2.64/26")), "psk");

        assertThatThrownBy(() -> IkeSa.restore(state, other, peers.responderSide, new TwoPeers.CountingSpis()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": connection 'rw' is not configured");
    }

    @Test
    void closedSaCannotBeExported() {
        TwoPeers peers = established();
        peers.responder.close("test");

        assertThatThrownBy(() -> peers.responder.exportState())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(" is closed; there is nothing to export");
    }
}
