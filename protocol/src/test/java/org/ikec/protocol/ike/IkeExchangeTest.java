package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.ikec.protocol.crypto.KeyExchanges;
import org.ikec.protocol.wire.Delete;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.KeyExchange;
import org.ikec.protocol.wire.Nonce;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.ProtocolId;
import org.ikec.protocol.wire.SecurityAssociation;
import org.ikec.protocol.wire.TrafficSelectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IkeExchangeTest {

    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";

    @ParameterizedTest
    @CsvSource({
            "aes256gcm16-prfsha256-x25519, aes256gcm16-prfsha256-x25519",
            "aes128-sha256-modp2048, aes128-sha256-prfsha256-modp2048",
            "aes256-sha384-ecp384, aes256-sha384-prfsha384-ecp384",
            "chacha20poly1305-prfsha512-ecp256, chacha20poly1305-prfsha512-ecp256"})
    void establishesIkeAndChildSaForEachProposal(String proposal, String negotiated) {
        TwoPeers peers = new TwoPeers(List.of(proposal), List.of(PROPOSAL, proposal), "ikec-test-psk",
                List.of("aes256gcm16", "aes128-sha256"), List.of("aes128-sha256", "aes256gcm16"));

        // HDR, SAi1, KEi, Ni, N(NAT_DETECTION_*)  -->
        //                      <--  HDR, SAr1, KEr, Nr, N(NAT_DETECTION_*), N(CHILDLESS_IKEV2_SUPPORTED)
        // HDR, SK {IDi, IDr, AUTH, SAi2, TSi, TSr}  -->
        //                      <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
        peers.establish();

        IkeSa initiatorSa = peers.initiator.result().orElseThrow();
        IkeSa responderSa = peers.responder;
        assertThat(responderSa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(initiatorSa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(responderSa.proposalDescription()).isEqualTo(negotiated);
        assertThat(initiatorSa.proposalDescription()).isEqualTo(negotiated);
        assertThat(responderSa.remoteId()).hasToString("client1@ikec.test");
        assertThat(initiatorSa.remoteId()).hasToString("gw.ikec.test");
        assertThat(responderSa.connectionName()).isEqualTo("rw");

        ChildSa responderChild = peers.responderSide.installed.get(0);
        ChildSa initiatorChild = peers.initiatorSide.installed.get(0);
        assertThat(responderChild.inboundSpi()).isEqualTo(initiatorChild.outboundSpi());
        assertThat(responderChild.outboundSpi()).isEqualTo(initiatorChild.inboundSpi());
        // The responder's own order wins: it lists aes128-sha256 first, the initiator aes256gcm16.
        assertThat(responderChild.proposal()).isEqualTo("aes128-sha256");
        assertThat(responderChild.encryptionKeyIn()).isEqualTo(initiatorChild.encryptionKeyOut());
        assertThat(responderChild.encryptionKeyOut()).isEqualTo(initiatorChild.encryptionKeyIn());
        assertThat(SelectorText.describe(responderChild.remoteTs())).isEqualTo("192.0.2.65/32");
        assertThat(SelectorText.describe(responderChild.localTs())).isEqualTo("192.0.2.128/25");
        assertThat(SelectorText.describe(initiatorChild.localTs())).isEqualTo("192.0.2.65/32");
    }

    @Test
    void invalidKePayloadMakesInitiatorRetryWithRequestedGroup() {
        TwoPeers peers = new TwoPeers(List.of("aes256gcm16-prfsha256-ecp256-x25519"),
                List.of("aes256gcm16-prfsha256-x25519"), "ikec-test-psk");

        // HDR(SPIr=0), SAi1, KEi(ecp256), Ni  -->
        //                      <--  HDR(SPIr=0), N(INVALID_KE_PAYLOAD, group 31)
        peers.initiator.start(peers.now);
        peers.deliverToResponder();
        IkeMessage refusal = decode(peers.responderSide.sent.peek());
        assertThat(refusal.header().spiR()).isZero();
        assertThat(refusal.notify(NotifyType.INVALID_KE_PAYLOAD).orElseThrow().data()).containsExactly(0, 31);
        assertThat(peers.responder).isNull();
        peers.deliverToInitiator();

        // HDR(SPIr=0), SAi1, KEi(x25519), Ni  -->  and the rest of the handshake
        IkeMessage retry = decode(peers.initiatorSide.sent.peek());
        assertThat(retry.first(KeyExchange.class).orElseThrow().group()).isEqualTo(31);
        for (int step = 0; step < 4 && !peers.initiator.isDone(); step++) {
            peers.deliverToResponder();
            peers.deliverToInitiator();
        }
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responder.proposalDescription()).isEqualTo("aes256gcm16-prfsha256-x25519");
    }

    @Test
    void noSharedProposalIsRefusedWithoutState() {
        TwoPeers peers = new TwoPeers(List.of("aes128-sha256-modp2048"), List.of(PROPOSAL), "ikec-test-psk");

        peers.initiator.start(peers.now);
        peers.deliverToResponder();

        IkeMessage refusal = decode(peers.responderSide.sent.peek());
        assertThat(refusal.notify(NotifyType.NO_PROPOSAL_CHOSEN)).isPresent();
        assertThat(refusal.header().spiR()).isZero();
        assertThat(peers.responder).isNull();
    }

    @Test
    void wrongPreSharedKeyFailsAuthentication() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "wrong-psk");

        peers.establish();

        assertThat(peers.responder.isClosed()).isTrue();
        assertThat(peers.responderSide.closed).containsExactly("IKE_AUTH failed: AUTHENTICATION_FAILED");
        assertThat(peers.responderSide.installed).isEmpty();
        assertThat(peers.initiator.isFailed()).isTrue();
        assertThat(peers.initiator.result()).isEmpty();
    }

    @Test
    void retransmittedIkeAuthGetsCachedResponseByteForByte() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        peers.initiator.start(peers.now);
        peers.deliverToResponder();
        peers.deliverToInitiator();

        byte[] authRequest = peers.initiatorSide.sent.peek().clone();
        peers.deliverToResponder();
        byte[] firstAnswer = peers.responderSide.sent.peekLast().clone();

        peers.initiatorSide.sent.add(authRequest);
        peers.deliverToResponder();
        byte[] secondAnswer = peers.responderSide.sent.peekLast();

        assertThat(secondAnswer).isEqualTo(firstAnswer);
        assertThat(peers.responderSide.installed).hasSize(1);
    }

    @Test
    void deleteFromResponderClosesBothSides() {
        TwoPeers peers = establishedPeers();

        // HDR, SK {D(IKE)}  <--
        peers.responder.terminate(peers.now);
        peers.deliverToInitiator();
        // HDR, SK {}  -->
        peers.initiatorSide.sent.poll();
        assertThat(peers.initiatorSide.closed).containsExactly("deleted by peer");
        assertThat(peers.initiatorSide.removed).hasSize(1);

        peers.responderSide.sent.clear();
        IkeSa initiatorSa = peers.initiator.result().orElseThrow();
        assertThat(initiatorSa.isClosed()).isTrue();
    }

    @Test
    void livenessCheckIsAnsweredAndRetransmittedUntilPeerIsDeclaredDead() {
        TwoPeers peers = establishedPeers();

        // HDR, SK {}  <--  after dpd_delay of silence
        peers.now += 30_000;
        peers.responder.onTimer(peers.now);
        peers.deliverToInitiator();
        // HDR, SK {}  -->
        peers.deliverToResponder();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);

        peers.now += 30_000;
        peers.responder.onTimer(peers.now);
        for (int retry = 0; retry < 5; retry++) {
            peers.now = peers.responder.nextDeadline();
            peers.responder.onTimer(peers.now);
        }
        assertThat(peers.responder.isClosed()).isTrue();
        assertThat(peers.responderSide.closed).containsExactly("peer unreachable");
        assertThat(peers.responderSide.sent).hasSize(4);
    }

    @Test
    void childSaRekeyInstallsNewSaAndDeleteRemovesOldOne() {
        TwoPeers peers = establishedPeers();
        IkeSa initiatorSa = peers.initiator.result().orElseThrow();
        ChildSa old = peers.responderSide.installed.get(0);

        // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}  -->
        List<Payload> request = new ArrayList<>();
        Notify rekey = new Notify(ProtocolId.ESP, ChildSaNegotiation.spiBytes(old.outboundSpi()), NotifyType.REKEY_SA, new byte[0]);
        request.add(rekey);
        request.add(new SecurityAssociation(IkeSaInitiator.offer(ProposalCache.esp(List.of("aes256gcm16")),
                ProtocolId.ESP, ChildSaNegotiation.spiBytes(0x5000))));
        request.add(new Nonce(new byte[32]));
        request.add(new TrafficSelectors(true, initiatorSa.children().get(0).localTs()));
        request.add(new TrafficSelectors(false, initiatorSa.children().get(0).remoteTs()));
        sendFromInitiator(peers, initiatorSa, ExchangeType.CREATE_CHILD_SA, 2, request);

        IkeMessage answer = openAtInitiator(peers, initiatorSa);
        SecurityAssociation accepted = answer.first(SecurityAssociation.class).orElseThrow();
        int newInbound = ChildSaNegotiation.spiOf(accepted.proposals().get(0).spi());
        assertThat(peers.responderSide.installed).hasSize(2);
        assertThat(peers.responderSide.installed.get(1).inboundSpi()).isEqualTo(newInbound);
        assertThat(peers.responderSide.installed.get(1).outboundSpi()).isEqualTo(0x5000);
        assertThat(answer.first(Nonce.class)).isPresent();

        // HDR, SK {D(ESP, old SPI)}  -->
        //                      <--  HDR, SK {D(ESP, responder's old SPI)}
        sendFromInitiator(peers, initiatorSa, ExchangeType.INFORMATIONAL, 3,
                List.of(new Delete(ProtocolId.ESP, 4, List.of(ChildSaNegotiation.spiBytes(old.outboundSpi())))));
        IkeMessage deleteAnswer = openAtInitiator(peers, initiatorSa);
        Delete deleted = deleteAnswer.first(Delete.class).orElseThrow();
        assertThat(ChildSaNegotiation.spiOf(deleted.spis().get(0))).isEqualTo(old.inboundSpi());
        assertThat(peers.responderSide.removed).containsExactly(old);
        assertThat(peers.responder.children()).hasSize(1);
    }

    @Test
    void childSaRekeyWithWrongGroupGetsInvalidKePayload() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk",
                List.of("aes256gcm16"), List.of("aes256gcm16-x25519"));
        peers.establish();
        IkeSa initiatorSa = peers.initiator.result().orElseThrow();

        // HDR, SK {SA(with ecp256), Ni, KEi(ecp256), TSi, TSr}  -->
        //                      <--  HDR, SK {N(INVALID_KE_PAYLOAD, group 31)}
        org.ikec.protocol.crypto.KeyExchange ecp256 = KeyExchanges.create(19);
        List<Payload> request = List.of(
                new SecurityAssociation(IkeSaInitiator.offer(ProposalCache.esp(List.of("aes256gcm16-ecp256-x25519")),
                        ProtocolId.ESP, ChildSaNegotiation.spiBytes(0x6000))),
                new Nonce(new byte[32]),
                new KeyExchange(19, ecp256.publicValue()),
                new TrafficSelectors(true, initiatorSa.children().get(0).localTs()),
                new TrafficSelectors(false, initiatorSa.children().get(0).remoteTs()));
        List<Payload> withKe = new ArrayList<>(request);
        withKe.set(0, new SecurityAssociation(List.of(new org.ikec.protocol.wire.Proposal(1, ProtocolId.ESP,
                ChildSaNegotiation.spiBytes(0x6000), List.of(
                        org.ikec.protocol.wire.Transform.withKeyLength(1, 20, 256),
                        org.ikec.protocol.wire.Transform.of(4, 19),
                        org.ikec.protocol.wire.Transform.of(4, 31),
                        org.ikec.protocol.wire.Transform.of(5, 0))))));
        sendFromInitiator(peers, initiatorSa, ExchangeType.CREATE_CHILD_SA, 2, withKe);

        IkeMessage answer = openAtInitiator(peers, initiatorSa);
        assertThat(answer.notify(NotifyType.INVALID_KE_PAYLOAD).orElseThrow().data()).containsExactly(0, 31);
        assertThat(answer.notify(NotifyType.NO_PROPOSAL_CHOSEN)).isEmpty();
        assertThat(peers.responderSide.installed).hasSize(1);
    }

    @Test
    void ikeSaRekeyMovesChildSasToSuccessor() {
        TwoPeers peers = establishedPeers();
        IkeSa initiatorSa = peers.initiator.result().orElseThrow();
        org.ikec.protocol.crypto.KeyExchange x25519 = KeyExchanges.create(31);

        // HDR, SK {SA(new SPIi), Ni, KEi}  -->
        //                      <--  HDR, SK {SA(new SPIr), Nr, KEr}
        byte[] newSpiI = ByteBuffer.allocate(8).putLong(0x7777_0000_0000_0001L).array();
        sendFromInitiator(peers, initiatorSa, ExchangeType.CREATE_CHILD_SA, 2, List.of(
                new SecurityAssociation(IkeSaInitiator.offer(ProposalCache.ike(List.of(PROPOSAL)), ProtocolId.IKE, newSpiI)),
                new Nonce(new byte[32]),
                new KeyExchange(31, x25519.publicValue())));
        IkeMessage answer = openAtInitiator(peers, initiatorSa);

        long newSpiR = ByteBuffer.wrap(answer.first(SecurityAssociation.class).orElseThrow().proposals().get(0).spi()).getLong();
        IkeSa successor = peers.responderSide.successor;
        assertThat(successor).isNotNull();
        assertThat(successor.spiI()).isEqualTo(0x7777_0000_0000_0001L);
        assertThat(successor.spiR()).isEqualTo(newSpiR);
        assertThat(newSpiR >>> 32).isEqualTo(peers.responder.spiR() >>> 32);
        assertThat(successor.children()).hasSize(1);
        assertThat(peers.responder.children()).isEmpty();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.REKEYED);

        // HDR(old SPIs), SK {D(IKE)}  -->
        sendFromInitiator(peers, initiatorSa, ExchangeType.INFORMATIONAL, 3, List.of(new Delete(ProtocolId.IKE, 0, List.of())));
        assertThat(peers.responder.isClosed()).isTrue();
        assertThat(peers.responderSide.removed).isEmpty();
        assertThat(successor.state()).isEqualTo(IkeSa.State.ESTABLISHED);
    }

    @Test
    void replayedDeleteDeletesNothingNew() {
        TwoPeers peers = establishedPeers();
        IkeSa initiatorSa = peers.initiator.result().orElseThrow();
        ChildSa child = peers.responderSide.installed.get(0);

        byte[] delete = sendFromInitiator(peers, initiatorSa, ExchangeType.INFORMATIONAL, 2,
                List.of(new Delete(ProtocolId.ESP, 4, List.of(ChildSaNegotiation.spiBytes(child.outboundSpi())))));
        byte[] firstAnswer = peers.responderSide.sent.peekLast().clone();
        peers.responder.receive(delete, TwoPeers.header(delete), TwoPeers.INITIATOR, TwoPeers.RESPONDER, peers.now);

        assertThat(peers.responderSide.sent.peekLast()).isEqualTo(firstAnswer);
        assertThat(peers.responderSide.removed).containsExactly(child);
    }

    private static TwoPeers establishedPeers() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        peers.establish();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        peers.responderSide.sent.clear();
        peers.initiatorSide.sent.clear();
        return peers;
    }

    private static byte[] sendFromInitiator(TwoPeers peers, IkeSa initiatorSa, int exchangeType, long messageId,
                                            List<Payload> payloads) {
        IkeHeader header = new IkeHeader(initiatorSa.spiI(), initiatorSa.spiR(), 0, 2, 0, exchangeType,
                IkeHeader.FLAG_INITIATOR, messageId, 0);
        byte[] datagram = SkMessages.protect(header, payloads, initiatorSa.ownCipher());
        peers.responder.receive(datagram, TwoPeers.header(datagram), TwoPeers.INITIATOR, TwoPeers.RESPONDER, peers.now);
        return datagram;
    }

    private static IkeMessage openAtInitiator(TwoPeers peers, IkeSa initiatorSa) {
        byte[] datagram = peers.responderSide.sent.peekLast();
        try {
            IkeMessage outer = IkeCodec.decode(datagram, 0, datagram.length);
            List<Payload> inner = SkMessages.open(datagram, outer.first(org.ikec.protocol.wire.Encrypted.class).orElseThrow(),
                    initiatorSa.peerCipher());
            return new IkeMessage(outer.header(), inner);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static IkeMessage decode(byte[] datagram) {
        try {
            return IkeCodec.decode(datagram, 0, datagram.length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
