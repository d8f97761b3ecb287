package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The events each side reports for handshakes, refusals, timeouts and retransmissions. */
class IkeEventsTest {

    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";

    @Test
    void handshakeIsCountedOnBothSides() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");

        peers.establish();

        assertThat(peers.initiatorSide.events.lines).containsExactly("started initiator", "IKE_SA_INIT ours",
                "IKE_AUTH ours", "completed initiator");
        assertThat(peers.responderSide.events.lines).containsExactly("started responder", "IKE_SA_INIT theirs",
                "IKE_AUTH theirs", "completed responder");
    }

    @Test
    void wrongPskFailsBothSidesWithAuthFailed() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "wrong-psk");

        peers.establish();

        assertThat(peers.initiatorSide.events.lines).containsExactly("started initiator", "IKE_SA_INIT ours",
                "IKE_AUTH ours", "failed initiator auth_failed");
        assertThat(peers.responderSide.events.lines).containsExactly("started responder", "IKE_SA_INIT theirs",
                "IKE_AUTH theirs", "failed responder auth_failed");
    }

    @Test
    void noSharedProposalFailsWithNoProposal() {
        TwoPeers peers = new TwoPeers(List.of("aes128-sha256-modp2048"), List.of(PROPOSAL), "ikec-test-psk");

        peers.establish();

        assertThat(peers.initiatorSide.events.lines).containsExactly("started initiator", "IKE_SA_INIT ours",
                "failed initiator no_proposal");
        assertThat(peers.responderSide.events.lines).containsExactly("started responder", "IKE_SA_INIT theirs",
                "failed responder no_proposal");
    }

    @Test
    void wrongGroupFailsOnceThenCompletes() {
        TwoPeers peers = new TwoPeers(List.of("aes256gcm16-prfsha256-ecp256-x25519"), List.of(PROPOSAL),
                "ikec-test-psk");

        peers.establish();

        assertThat(peers.initiatorSide.events.lines).containsExactly("started initiator", "IKE_SA_INIT ours",
                "IKE_SA_INIT ours", "IKE_AUTH ours", "completed initiator");
        assertThat(peers.responderSide.events.lines).containsExactly("started responder", "IKE_SA_INIT theirs",
                "failed responder invalid_ke", "started responder", "IKE_SA_INIT theirs", "IKE_AUTH theirs",
                "completed responder");
    }

    @Test
    void missingIkeAuthFailsWithTimeout() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        peers.initiator.start(peers.now);
        peers.deliverToResponder();

        peers.now += 30_000;
        peers.responder.onTimer(peers.now);

        assertThat(peers.responder.isClosed()).isTrue();
        assertThat(peers.responderSide.events.lines).containsExactly("started responder", "IKE_SA_INIT theirs",
                "failed responder timeout");
    }

    @Test
    void unansweredIkeSaInitFailsInitiatorWithTimeout() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        peers.initiator.start(peers.now);

        for (int retry = 0; retry < 4 && !peers.initiator.isDone(); retry++) {
            peers.now = peers.initiator.nextDeadline();
            peers.initiator.onTimer(peers.now);
        }

        assertThat(peers.initiator.isFailed()).isTrue();
        assertThat(peers.initiatorSide.events.lines).containsExactly("started initiator",
                "retransmitted IKE_SA_INIT", "retransmitted IKE_SA_INIT", "retransmitted IKE_SA_INIT",
                "failed initiator timeout");
    }

    @Test
    void livenessChecksCountRetransmissionsAndLatency() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        peers.establish();
        peers.responderSide.events.lines.clear();
        peers.initiatorSide.events.lines.clear();

        // HDR, SK {}  <--  after dpd_delay of silence, and the response  -->
        peers.now += 30_000;
        peers.responder.onTimer(peers.now);
        peers.deliverToInitiator();
        peers.deliverToResponder();
        // HDR, SK {}  <--  again, with no response
        peers.now += 30_000;
        peers.responder.onTimer(peers.now);
        for (int retry = 0; retry < 5 && !peers.responder.isClosed(); retry++) {
            peers.now = peers.responder.nextDeadline();
            peers.responder.onTimer(peers.now);
        }

        assertThat(peers.initiatorSide.events.lines).containsExactly("INFORMATIONAL theirs");
        assertThat(peers.responderSide.events.lines).containsExactly("INFORMATIONAL ours",
                "retransmitted INFORMATIONAL", "retransmitted INFORMATIONAL", "retransmitted INFORMATIONAL");
    }

    @Test
    void childSaRekeyRecordsCreateChildSaLatency() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        peers.establish();
        peers.responderSide.events.lines.clear();
        peers.initiatorSide.events.lines.clear();
        IkeSa initiatorSa = peers.initiator.result().orElseThrow();

        // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}  -->  after the CHILD SA's rekey time
        peers.now += 61 * 60_000L;
        initiatorSa.onTimer(peers.now);
        peers.deliverAll();

        assertThat(peers.initiatorSide.events.lines).contains("CREATE_CHILD_SA ours");
        assertThat(peers.responderSide.events.lines).contains("CREATE_CHILD_SA theirs");
    }
}
