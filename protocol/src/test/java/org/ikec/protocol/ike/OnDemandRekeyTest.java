package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Rekeys an operator starts on an established IKE SA, before any lifetime runs out (RFC 7296 §1.3.2, §1.3.3). */
class OnDemandRekeyTest {

    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";

    private static TwoPeers established() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        peers.establish();
        peers.deliverAll();
        return peers;
    }

    @Test
    void childRekeyReportsTheNewSpiPair() {
        TwoPeers peers = established();
        IkeSa responderSa = peers.responder;
        ChildSa old = responderSa.children().get(0);
        List<RekeyOutcome> outcomes = new ArrayList<>();

        // <--  HDR, SK {N(REKEY_SA), SA, Nr, TSi, TSr}   then   <--  HDR, SK {D(ESP, old SPI)}
        responderSa.rekeyChild(old.outboundSpi(), peers.now, outcomes::add);
        assertThat(outcomes).isEmpty();
        peers.deliverAll();

        ChildSa replacement = responderSa.children().get(0);
        assertThat(responderSa.children()).hasSize(1);
        assertThat(replacement.inboundSpi()).isNotEqualTo(old.inboundSpi());
        assertThat(outcomes).containsExactly(new RekeyOutcome.ChildRekeyed(old.name(), old.inboundSpi(),
                old.outboundSpi(), replacement.inboundSpi(), replacement.outboundSpi()));
        assertThat(peers.initiatorSide.established.children().get(0).inboundSpi())
                .isEqualTo(replacement.outboundSpi());
    }

    @Test
    void ikeRekeyReportsTheSuccessor() {
        TwoPeers peers = established();
        IkeSa first = peers.responder;
        List<RekeyOutcome> outcomes = new ArrayList<>();

        // <--  HDR, SK {SA(new SPI), Nr, KEr}   then   <--  HDR(old SPIs), SK {D(IKE)}
        first.rekeyIke(peers.now, outcomes::add);
        peers.deliverAll();

        IkeSa successor = peers.responderSide.live().get(0);
        assertThat(first.isClosed()).isTrue();
        assertThat(outcomes).containsExactly(new RekeyOutcome.IkeRekeyed(successor.spiI(), successor.spiR(),
                successor.ourSpi()));
        assertThat(successor.ourSpi()).isNotEqualTo(first.ourSpi());
        assertThat(successor.children()).hasSize(1);
    }

    @Test
    void unknownChildSpiFailsAtOnce() {
        TwoPeers peers = established();
        List<RekeyOutcome> outcomes = new ArrayList<>();

        peers.responder.rekeyChild(0x0bad_0bad, peers.now, outcomes::add);

        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0)).isInstanceOf(RekeyOutcome.Failed.class);
        assertThat(((RekeyOutcome.Failed) outcomes.get(0)).reason()).endsWith("has no CHILD SA with SPI 0bad0bad");
        assertThat(peers.responderSide.sent).isEmpty();
    }

    @Test
    void secondRekeyWhileBusyFails() {
        TwoPeers peers = established();
        List<RekeyOutcome> first = new ArrayList<>();
        List<RekeyOutcome> second = new ArrayList<>();

        peers.responder.rekeyIke(peers.now, first::add);
        peers.responder.rekeyIke(peers.now, second::add);

        assertThat(first).isEmpty();
        assertThat(second).hasSize(1);
        assertThat(((RekeyOutcome.Failed) second.get(0)).reason()).startsWith("a rekey of ").endsWith(" is already in progress");
    }

    @Test
    void terminateFailsAnOutstandingRekey() {
        TwoPeers peers = established();
        ChildSa old = peers.responder.children().get(0);
        List<RekeyOutcome> outcomes = new ArrayList<>();

        peers.responder.rekeyChild(old.inboundSpi(), peers.now, outcomes::add);
        peers.responder.close("test");

        assertThat(outcomes).containsExactly(new RekeyOutcome.Failed(
                "the IKE SA closed or was rekeyed before the CHILD SA rekey completed"));
    }
}
