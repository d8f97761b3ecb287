package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.TrafficSelectorSpec;

import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.junit.jupiter.api.Test;

/** Rekeys, expiry and collisions that the IKE SAs start themselves when lifetimes run out. */
class OwnRekeyTest {

    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final long HOUR = 3_600_000;

    private static TwoPeers established() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        peers.establish();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        peers.deliverAll();
        return peers;
    }

    private static void assertChildrenAgree(IkeSa one, IkeSa other) {
        assertThat(one.children()).hasSize(1);
        assertThat(other.children()).hasSize(1);
        ChildSa mine = one.children().get(0);
        ChildSa theirs = other.children().get(0);
        assertThat(mine.inboundSpi()).isEqualTo(theirs.outboundSpi());
        assertThat(mine.outboundSpi()).isEqualTo(theirs.inboundSpi());
        assertThat(mine.encryptionKeyIn()).isEqualTo(theirs.encryptionKeyOut());
        assertThat(mine.encryptionKeyOut()).isEqualTo(theirs.encryptionKeyIn());
    }

    @Test
    void childSaIsRekeyedBeforeItsLifetimeRunsOut() {
        TwoPeers peers = established();
        ChildSa original = peers.responder.children().get(0);
        long rekeyAt = Math.min(original.rekeyAtMillis(), peers.initiatorSide.established.children().get(0).rekeyAtMillis());

        // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}  -->   then   HDR, SK {D(ESP, old SPI)}  -->
        peers.runClockUntil(() -> peers.responderSide.removed.contains(original)
                || !peers.initiatorSide.removed.isEmpty(), 2 * HOUR);

        assertThat(peers.now).isGreaterThanOrEqualTo(rekeyAt);
        assertThat(peers.now).isLessThan(original.expireAtMillis());
        assertChildrenAgree(peers.responder, peers.initiatorSide.established);
        assertThat(peers.responder.children().get(0).inboundSpi()).isNotEqualTo(original.inboundSpi());
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
    }

    @Test
    void ikeSaIsRekeyedAndCarriesItsChildSas() {
        TwoPeers peers = established();
        IkeSa firstResponderSa = peers.responder;

        // HDR, SK {SA(new SPI), Ni, KEi}  -->   then   HDR(old SPIs), SK {D(IKE)}  -->
        peers.runClockUntil(() -> firstResponderSa.isClosed(), 5 * HOUR);

        assertThat(firstResponderSa.isClosed()).isTrue();
        assertThat(peers.responderSide.live()).hasSize(1);
        assertThat(peers.initiatorSide.live()).hasSize(1);
        IkeSa responderSa = peers.responderSide.live().get(0);
        IkeSa initiatorSa = peers.initiatorSide.live().get(0);
        assertThat(responderSa.spiI()).isEqualTo(initiatorSa.spiI());
        assertThat(responderSa.spiR()).isEqualTo(initiatorSa.spiR());
        assertThat(responderSa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertChildrenAgree(responderSa, initiatorSa);
        assertThat(peers.responderSide.closed).doesNotContain("peer unreachable");
        assertThat(peers.initiatorSide.closed).doesNotContain("peer unreachable");
    }

    @Test
    void childSaRekeyCollisionKeepsOnePairInstalledBothWays() {
        TwoPeers peers = established();
        IkeSa responderSa = peers.responder;
        IkeSa initiatorSa = peers.initiatorSide.established;
        ChildSa old = responderSa.children().get(0);

        // Both ends start rekeying the same CHILD SA at once; the requests cross.
        // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}  -->  <--  HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}
        responderSa.markChildBusy(old);
        responderSa.enqueue(new CreateChildSaInitiator.RekeyChildSa(old), peers.now);
        ChildSa oldAtInitiator = initiatorSa.children().get(0);
        initiatorSa.markChildBusy(oldAtInitiator);
        initiatorSa.enqueue(new CreateChildSaInitiator.RekeyChildSa(oldAtInitiator), peers.now);

        // The initiator's request is retransmitted: the copy gets the cached answer and creates nothing.
        byte[] initiatorRequest = peers.initiatorSide.sent.peek().clone();
        peers.deliverToResponder();
        peers.initiatorSide.sent.add(initiatorRequest);
        peers.deliverToResponder();
        assertThat(peers.responderSide.installed).hasSize(2);

        peers.deliverAll();
        peers.runClockUntil(() -> responderSa.children().size() == 1 && initiatorSa.children().size() == 1, 60_000);

        assertChildrenAgree(responderSa, initiatorSa);
        assertThat(responderSa.children().get(0).inboundSpi()).isNotEqualTo(old.inboundSpi());
        assertThat(peers.responderSide.installed).hasSize(3);
        assertThat(peers.responderSide.removed).hasSize(2);
        assertThat(peers.initiatorSide.removed).hasSize(2);
    }

    @Test
    void rekeyOfChildSaBeingDeletedGetsTemporaryFailure() {
        TwoPeers peers = established();
        IkeSa responderSa = peers.responder;
        IkeSa initiatorSa = peers.initiatorSide.established;
        ChildSa old = responderSa.children().get(0);

        // <--  HDR, SK {D(ESP)}  crosses  HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}  -->
        responderSa.markChildBusy(old);
        responderSa.enqueue(new InformationalInitiator.DeleteChildSa(old, "test"), peers.now);
        ChildSa oldAtInitiator = initiatorSa.children().get(0);
        initiatorSa.markChildBusy(oldAtInitiator);
        initiatorSa.enqueue(new CreateChildSaInitiator.RekeyChildSa(oldAtInitiator), peers.now);

        //                      <--  HDR, SK {N(TEMPORARY_FAILURE)}
        peers.deliverToResponder();
        byte[] answer = peers.responderSide.sent.peekLast();
        assertThat(openAtInitiator(answer, initiatorSa).notify(NotifyType.TEMPORARY_FAILURE)).isPresent();

        peers.deliverAll();
        assertThat(responderSa.children()).isEmpty();
        assertThat(initiatorSa.children()).isEmpty();
        assertThat(peers.responderSide.installed).hasSize(1);
        assertThat(peers.initiatorSide.installed).hasSize(1);
    }

    @Test
    void childSaIsDeletedWhenItsHardLifetimeEnds() {
        ChildConfig noRekey = new ChildConfig("net", List.of("aes256gcm16"),
                List.of(TrafficSelectorSpec.parse("192.0.2.65/32")), List.of(TrafficSelectorSpec.parse("192.0.2.128/25")),
                Duration.ZERO, Duration.ofMinutes(30), Duration.ZERO, "tunnel");
        ChildConfig responderNoRekey = new ChildConfig("net", List.of("aes256gcm16"),
                List.of(TrafficSelectorSpec.parse("192.0.2.128/25")), List.of(TrafficSelectorSpec.parse("192.0.2.64/26")),
                Duration.ZERO, Duration.ofMinutes(20), Duration.ZERO, "tunnel");
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk", noRekey, responderNoRekey);
        peers.establish();
        peers.deliverAll();
        ChildSa child = peers.responder.children().get(0);
        IkeSa initiatorSa = peers.initiatorSide.established;

        // HDR, SK {D(ESP, SPI)}  <--  when rekey_time is off and life_time (20 min) ends
        peers.runClockUntil(() -> peers.responderSide.removed.contains(child), 2 * HOUR);

        assertThat(peers.now).isEqualTo(child.expireAtMillis());
        assertThat(peers.now - child.installedAtMillis()).isEqualTo(20 * 60_000);
        assertThat(peers.responder.children()).isEmpty();
        assertThat(initiatorSa.children()).isEmpty();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
    }

    @Test
    void childSaRekeyWithPfsDerivesKeysFromNewKeyExchange() {
        ChildConfig initiatorChild = TwoPeers.child(List.of("aes256gcm16-x25519"), "192.0.2.65/32", "192.0.2.128/25");
        ChildConfig responderChild = TwoPeers.child(List.of("aes256gcm16-x25519"), "192.0.2.128/25", "192.0.2.64/26");
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk", initiatorChild,
                responderChild);
        peers.establish();
        peers.deliverAll();
        ChildSa original = peers.responder.children().get(0);
        assertThat(original.suite().keGroup()).isZero();

        // HDR, SK {N(REKEY_SA), SA, Ni, KEi(x25519), TSi, TSr}  -->
        //                      <--  HDR, SK {SA, Nr, KEr(x25519), TSi, TSr}
        peers.runClockUntil(() -> peers.responderSide.removed.contains(original), 2 * HOUR);

        assertChildrenAgree(peers.responder, peers.initiatorSide.established);
        ChildSa rekeyed = peers.responder.children().get(0);
        assertThat(rekeyed.suite().keGroup()).isEqualTo(31);
        assertThat(rekeyed.proposal()).isEqualTo("aes256gcm16-x25519");
    }

    @Test
    void childlessIkeSaHasNoChildSa() {
        TwoPeers.childless = true;
        TwoPeers peers;
        try {
            peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        } finally {
            TwoPeers.childless = false;
        }

        // HDR, SK {IDi, IDr, AUTH}  -->   (no SAi2, TSi, TSr)
        //                      <--  HDR, SK {IDr, AUTH}
        peers.establish();

        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.initiator.result().orElseThrow().state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responder.children()).isEmpty();
        assertThat(peers.responderSide.installed).isEmpty();
        assertThat(peers.initiatorSide.installed).isEmpty();
    }

    @Test
    void ikeSaRekeyCollisionLeavesOneIkeSaWithTheChildSa() {
        TwoPeers peers = established();
        IkeSa responderSa = peers.responder;
        IkeSa initiatorSa = peers.initiatorSide.established;

        // Both ends rekey the IKE SA at once; the requests cross.
        // HDR, SK {SA, Ni, KEi}  -->  <--  HDR, SK {SA, Ni, KEi}
        responderSa.enqueue(new CreateChildSaInitiator.RekeyIkeSa(31), peers.now);
        initiatorSa.enqueue(new CreateChildSaInitiator.RekeyIkeSa(31), peers.now);
        peers.deliverToResponder();
        peers.deliverToInitiator();
        peers.deliverAll();
        peers.runClockUntil(() -> peers.responderSide.live().size() == 1 && peers.initiatorSide.live().size() == 1,
                60_000);

        assertThat(peers.responderSide.live()).hasSize(1);
        assertThat(peers.initiatorSide.live()).hasSize(1);
        IkeSa responderSurvivor = peers.responderSide.live().get(0);
        IkeSa initiatorSurvivor = peers.initiatorSide.live().get(0);
        assertThat(responderSurvivor.spiI()).isEqualTo(initiatorSurvivor.spiI());
        assertThat(responderSurvivor.spiR()).isEqualTo(initiatorSurvivor.spiR());
        assertThat(responderSurvivor).isNotSameAs(responderSa);
        assertChildrenAgree(responderSurvivor, initiatorSurvivor);
        assertThat(peers.responderSide.removed).isEmpty();
        assertThat(peers.initiatorSide.removed).isEmpty();
    }

    @Test
    void lowestNonceComparesUnsignedBytes() {
        byte[] low = {0x01, (byte) 0xff};
        byte[] high = {(byte) 0x80, 0x00};
        assertThat(CreateChildSaInitiator.lowestOf(low, high, new byte[] {0x02})).isTrue();
        assertThat(CreateChildSaInitiator.lowestOf(high, low)).isFalse();
    }

    private static IkeMessage openAtInitiator(byte[] datagram, IkeSa initiatorSa) {
        try {
            IkeMessage outer = IkeCodec.decode(datagram, 0, datagram.length);
            List<Payload> inner = SkMessages.open(datagram,
                    outer.first(org.ikec.protocol.wire.Encrypted.class).orElseThrow(), initiatorSa.peerCipher());
            IkeHeader header = outer.header();
            assertThat(header.exchangeType()).isEqualTo(ExchangeType.CREATE_CHILD_SA);
            return new IkeMessage(header, inner);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
