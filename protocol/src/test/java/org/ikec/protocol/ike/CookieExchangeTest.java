package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;

import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.KeyExchange;
import org.ikec.protocol.wire.Nonce;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.junit.jupiter.api.Test;

class CookieExchangeTest {

    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final byte[] CLUSTER_SECRET = HexFormat.of().parseHex("5ec7e75ec7e75ec7e75ec7e75ec7e75e");

    @Test
    void retryWithCookieEstablishes() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        Cookies cookies = new Cookies(CLUSTER_SECRET);
        peers.cookieGate = new CookieGate(cookies);

        // HDR(SPIr=0), SAi1, KEi, Ni, N(NAT_DETECTION_*)  -->
        //                      <--  HDR(SPIr=0), N(COOKIE)
        peers.initiator.start(peers.now);
        IkeMessage first = decode(peers.deliverToResponder());
        IkeMessage challenge = decode(peers.responderSide.sent.peek());
        byte[] expectedCookie = cookies.make(first.first(Nonce.class).orElseThrow().data(),
                TwoPeers.INITIATOR.getAddress(), 0x1111_2222_3333_4444L, peers.now);
        assertThat(challenge.header()).isEqualTo(new IkeHeader(0x1111_2222_3333_4444L, 0, 41, 2, 0,
                ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_RESPONSE, 0, 56));
        assertThat(challenge.payloads()).containsExactly(Notify.of(NotifyType.COOKIE, expectedCookie));
        assertThat(peers.responder).isNull();
        peers.deliverToInitiator();

        // HDR(SPIr=0), N(COOKIE), SAi1, KEi, Ni, N(NAT_DETECTION_*)  -->
        //                      <--  HDR, SAr1, KEr, Nr, N(NAT_DETECTION_*), N(CHILDLESS_IKEV2_SUPPORTED)
        IkeMessage retry = decode(peers.initiatorSide.sent.peek());
        assertThat(retry.payloads().get(0)).isEqualTo(Notify.of(NotifyType.COOKIE, expectedCookie));
        assertThat(retry.payloads().subList(1, retry.payloads().size())).isEqualTo(first.payloads());
        peers.deliverToResponder();
        IkeMessage answer = decode(peers.responderSide.sent.peek());
        assertThat(answer.header().spiR()).isEqualTo(0xaaaa_bbbb_0000_0001L);
        assertThat(answer.notify(NotifyType.COOKIE)).isEmpty();
        peers.deliverToInitiator();

        // HDR, SK {IDi, IDr, AUTH, SAi2, TSi, TSr}  -->
        //                      <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
        peers.deliverToResponder();
        peers.deliverToInitiator();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.initiator.result().orElseThrow().state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responderSide.installed).hasSize(1);
    }

    @Test
    void retryCarriesCookieAndNewGroup() {
        TwoPeers peers = new TwoPeers(List.of("aes256gcm16-prfsha256-ecp256-x25519"), List.of(PROPOSAL),
                "ikec-test-psk");
        peers.cookieGate = new CookieGate(new Cookies(CLUSTER_SECRET));

        // HDR(SPIr=0), SAi1, KEi(ecp256), Ni  -->
        //                      <--  HDR(SPIr=0), N(COOKIE)
        peers.initiator.start(peers.now);
        peers.deliverToResponder();
        byte[] cookie = decode(peers.responderSide.sent.peek()).notify(NotifyType.COOKIE).orElseThrow().data();
        peers.deliverToInitiator();

        // HDR(SPIr=0), N(COOKIE), SAi1, KEi(ecp256), Ni  -->
        //                      <--  HDR(SPIr=0), N(INVALID_KE_PAYLOAD, group 31)
        IkeMessage withCookie = decode(peers.deliverToResponder());
        assertThat(withCookie.payloads().get(0)).isEqualTo(Notify.of(NotifyType.COOKIE, cookie));
        assertThat(withCookie.first(KeyExchange.class).orElseThrow().group()).isEqualTo(19);
        IkeMessage refusal = decode(peers.responderSide.sent.peek());
        assertThat(refusal.payloads()).containsExactly(Notify.of(NotifyType.INVALID_KE_PAYLOAD, new byte[] {0, 31}));
        assertThat(refusal.header().spiR()).isZero();
        assertThat(peers.responder).isNull();
        peers.deliverToInitiator();

        // HDR(SPIr=0), N(COOKIE), SAi1, KEi(x25519), Ni  -->
        //                      <--  HDR, SAr1, KEr, Nr, N(NAT_DETECTION_*), N(CHILDLESS_IKEV2_SUPPORTED)
        IkeMessage last = decode(peers.deliverToResponder());
        List<Payload> payloads = last.payloads();
        assertThat(payloads.get(0)).isEqualTo(Notify.of(NotifyType.COOKIE, cookie));
        assertThat(last.first(KeyExchange.class).orElseThrow().group()).isEqualTo(31);
        assertThat(last.first(Nonce.class).orElseThrow()).isEqualTo(withCookie.first(Nonce.class).orElseThrow());
        assertThat(peers.responder).isNotNull();
        peers.deliverToInitiator();

        // HDR, SK {IDi, IDr, AUTH, SAi2, TSi, TSr}  -->
        //                      <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
        peers.deliverToResponder();
        peers.deliverToInitiator();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responder.proposalDescription()).isEqualTo(PROPOSAL);
    }

    @Test
    void invalidCookieGetsFreshCookie() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");
        Cookies cookies = new Cookies(CLUSTER_SECRET);
        peers.cookieGate = new CookieGate(cookies);

        // HDR(SPIr=0), N(COOKIE, from another cluster), SAi1, KEi, Ni  -->
        //                      <--  HDR(SPIr=0), N(COOKIE)
        peers.initiator.start(peers.now);
        IkeMessage request = decode(peers.initiatorSide.sent.poll());
        byte[] nonceI = request.first(Nonce.class).orElseThrow().data();
        byte[] foreign = new Cookies(new byte[16]).make(nonceI, TwoPeers.INITIATOR.getAddress(),
                0x1111_2222_3333_4444L, peers.now);
        List<Payload> forged = new java.util.ArrayList<>(request.payloads());
        forged.add(0, Notify.of(NotifyType.COOKIE, foreign));
        peers.initiatorSide.sent.add(IkeCodec.encode(new IkeMessage(request.header(), forged)));
        peers.deliverToResponder();

        IkeMessage challenge = decode(peers.responderSide.sent.peek());
        assertThat(challenge.payloads()).containsExactly(Notify.of(NotifyType.COOKIE,
                cookies.make(nonceI, TwoPeers.INITIATOR.getAddress(), 0x1111_2222_3333_4444L, peers.now)));
        assertThat(peers.responder).isNull();
    }

    @Test
    void cookieNotRequiredIsIgnoredAndNotEchoed() {
        TwoPeers peers = new TwoPeers(List.of(PROPOSAL), List.of(PROPOSAL), "ikec-test-psk");

        // HDR(SPIr=0), N(COOKIE), SAi1, KEi, Ni, N(NAT_DETECTION_*), N(SIGNATURE_HASH_ALGORITHMS)  -->
        //     from a peer that saw a cookie request earlier
        //           <--  HDR, SAr1, KEr, Nr, N(NAT_DETECTION_*), N(CHILDLESS_IKEV2_SUPPORTED), N(SIGNATURE_HASH_ALGORITHMS)
        peers.initiator.start(peers.now);
        IkeMessage request = decode(peers.initiatorSide.sent.poll());
        List<Payload> withCookie = new java.util.ArrayList<>(request.payloads());
        withCookie.add(0, Notify.of(NotifyType.COOKIE, HexFormat.of().parseHex("0102030405")));
        peers.initiatorSide.sent.add(IkeCodec.encode(new IkeMessage(request.header(), withCookie)));
        peers.deliverToResponder();

        IkeMessage answer = decode(peers.responderSide.sent.peek());
        assertThat(peers.responder).isNotNull();
        assertThat(answer.header().spiR()).isEqualTo(0xaaaa_bbbb_0000_0001L);
        assertThat(answer.notify(NotifyType.COOKIE)).isEmpty();
        assertThat(answer.payloads()).hasSize(7);
    }

    @Test
    void requestWithoutNonceIsDropped() {
        Cookies cookies = new Cookies(CLUSTER_SECRET);
        IkeHeader header = new IkeHeader(0x1111_2222_3333_4444L, 0, 0, 2, 0, ExchangeType.IKE_SA_INIT,
                IkeHeader.FLAG_INITIATOR, 0, 0);

        CookieGate.Verdict verdict = new CookieGate(cookies).check(new IkeMessage(header, List.of()),
                TwoPeers.INITIATOR.getAddress(), 1_000_000);

        assertThat(verdict).isEqualTo(new CookieGate.Verdict.Dropped("Ni payload missing"));
    }

    private static IkeMessage decode(byte[] datagram) {
        try {
            return IkeCodec.decode(datagram, 0, datagram.length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
