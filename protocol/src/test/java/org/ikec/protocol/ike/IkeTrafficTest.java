package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The IKE packet and octet counts of a tunnel: every datagram of its exchanges in both
 * directions, carried through an export and restore and through an IKE SA rekey.
 */
class IkeTrafficTest {

    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final long HOUR = 3_600_000;

    private static TwoPeers peers() {
        return new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
    }

    @Test
    void handshakeAndLivenessCheckAreCounted() {
        TwoPeers peers = peers();

        peers.initiator.start(peers.now);
        // HDR, SAi1, KEi, Ni, N(NAT_DETECTION_*)  -->
        byte[] initRequest = peers.deliverToResponder();
        // <--  HDR, SAr1, KEr, Nr, N(NAT_DETECTION_*), N(CHILDLESS_IKEV2_SUPPORTED)
        byte[] initResponse = peers.deliverToInitiator();
        // HDR, SK {IDi, IDr, AUTH, SAi2, TSi, TSr}  -->
        byte[] authRequest = peers.deliverToResponder();
        // <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
        byte[] authResponse = peers.deliverToInitiator();
        IkeSa initiatorSa = peers.initiatorSide.established;
        IkeSa responderSa = peers.responder;

        assertThat(initiatorSa.traffic()).isEqualTo(new IkeTraffic(
                initResponse.length + authResponse.length, 2, initRequest.length + authRequest.length, 2));
        assertThat(responderSa.traffic()).isEqualTo(new IkeTraffic(
                initRequest.length + authRequest.length, 2, initResponse.length + authResponse.length, 2));

        peers.now += 30_000;
        initiatorSa.onTimer(peers.now);
        // HDR, SK {}  -->
        byte[] livenessRequest = peers.deliverToResponder();
        // <--  HDR, SK {}
        byte[] livenessResponse = peers.deliverToInitiator();

        long requests = initRequest.length + authRequest.length + livenessRequest.length;
        long responses = initResponse.length + authResponse.length + livenessResponse.length;
        assertThat(initiatorSa.traffic()).isEqualTo(new IkeTraffic(responses, 3, requests, 3));
        assertThat(responderSa.traffic()).isEqualTo(new IkeTraffic(requests, 3, responses, 3));
        // IKE header 28, SK payload header 4, AES-GCM IV 8, Pad Length 1, ICV 16 (RFC 5282 §3)
        assertThat(livenessRequest.length).isEqualTo(57);
        assertThat(livenessResponse.length).isEqualTo(57);
    }

    @Test
    void retransmissionsAreCountedBothWays() {
        TwoPeers peers = peers();
        peers.establish();
        IkeSa initiatorSa = peers.initiatorSide.established;
        IkeTraffic initiatorBefore = initiatorSa.traffic();
        IkeTraffic responderBefore = peers.responder.traffic();

        peers.now += 30_000;
        initiatorSa.onTimer(peers.now);
        byte[] request = peers.initiatorSide.sent.peek();
        peers.now = initiatorSa.nextDeadline();
        initiatorSa.onTimer(peers.now);
        // HDR, SK {}  -->  twice; the responder sends its cached response to the second copy
        peers.deliverToResponder();
        peers.deliverToResponder();
        byte[] response = peers.deliverToInitiator();
        peers.deliverToInitiator();

        assertThat(initiatorSa.traffic()).isEqualTo(initiatorBefore.plus(
                new IkeTraffic(2L * response.length, 2, 2L * request.length, 2)));
        assertThat(peers.responder.traffic()).isEqualTo(responderBefore.plus(
                new IkeTraffic(2L * request.length, 2, 2L * response.length, 2)));
    }

    @Test
    void exportedStateKeepsTraffic() {
        TwoPeers peers = peers();
        peers.establish();
        peers.deliverAll();

        IkeSa restored = IkeSa.restore(peers.responder.exportState(), peers.responderSettings,
                peers.responderSide, new TwoPeers.CountingSpis());

        assertThat(restored.traffic()).isEqualTo(peers.responder.traffic());
        assertThat(restored.traffic().inPackets()).isEqualTo(2);
    }

    @Test
    void rekeyedTunnelContinuesCounting() {
        TwoPeers peers = peers();
        peers.establish();
        peers.deliverAll();
        IkeSa firstResponderSa = peers.responder;

        // HDR, SK {SA(new SPI), Ni, KEi}  -->   then   HDR(old SPIs), SK {D(IKE)}  -->
        peers.runClockUntil(firstResponderSa::isClosed, 5 * HOUR);

        IkeSa successor = peers.responderSide.live().get(0);
        assertThat(successor).isNotSameAs(firstResponderSa);
        assertThat(successor.traffic()).isEqualTo(firstResponderSa.traffic());
        assertThat(successor.traffic().inPackets()).isGreaterThan(4);
    }
}
