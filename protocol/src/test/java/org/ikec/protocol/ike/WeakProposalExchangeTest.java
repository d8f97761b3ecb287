package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.ikec.protocol.crypto.WeakProposals;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.NotifyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Handshakes between two in-memory peers where the initiator offers what a native client offers
 * by default (3DES, HMAC-SHA1, MODP-1024), against a responder that has the matching weak preset
 * turned on and one that has not.
 */
class WeakProposalExchangeTest {

    private static final List<String> STRONG_IKE = List.of("aes256gcm16-prfsha256-x25519", "aes128-sha256-modp2048");
    private static final List<String> STRONG_ESP = List.of("aes256gcm16", "aes128-sha256");
    private static final List<String> WINDOWS_IKE = WeakProposals.WINDOWS_DEFAULT.ikeProposals();
    private static final List<String> WINDOWS_ESP = WeakProposals.WINDOWS_DEFAULT.espProposals();

    /** The refusal log is limited per notify type for the whole JVM, and a held-back count may follow the reason. */
    private static final String HELD_BACK_SUFFIX = " \\(\\d+ more such refusals in the last 10 s were not logged\\)$";

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger ikeLogger = (Logger) LoggerFactory.getLogger("org.ikec.ike");
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = ikeLogger.getLevel();
        ikeLogger.setLevel(Level.DEBUG);
        logs.start();
        ikeLogger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ikeLogger.detachAppender(logs);
        ikeLogger.setLevel(previousLevel);
    }

    @ParameterizedTest
    @CsvSource({
            "3des-aes128-aes192-aes256-sha1-sha256-sha384-modp1024, aes256-aes128-3des-sha1,"
                    + " aes256-sha384-prfsha384-modp1024, aes256-sha1",
            "3des-sha1-modp1024, 3des-sha1, 3des-sha1-prfsha1-modp1024, 3des-sha1",
            "aes256-sha256-modp1024, aes256-sha256, aes256-sha256-prfsha256-modp1024, aes256-sha256",
            "aes128-sha1-modp1024, aes128-sha1, aes128-sha1-prfsha1-modp1024, aes128-sha1"})
    void weakOfferEstablishesWithPresets(String ikeOffer, String espOffer, String negotiatedIke,
                                               String negotiatedEsp) {
        // The responder's proposals as allow_weak = windows-default, macos-legacy leaves them.
        TwoPeers peers = new TwoPeers(List.of(ikeOffer), withPresets(STRONG_IKE, true), "ikec-test-psk",
                List.of(espOffer), withPresets(STRONG_ESP, false));

        // HDR, SAi1, KEi(modp1024), Ni, N(NAT_DETECTION_*)  -->
        //                      <--  HDR, SAr1, KEr(modp1024), Nr, N(NAT_DETECTION_*), N(CHILDLESS_IKEV2_SUPPORTED)
        // HDR, SK {IDi, IDr, AUTH, SAi2, TSi, TSr}  -->
        //                      <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
        peers.establish();

        IkeSa initiatorSa = peers.initiator.result().orElseThrow();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(initiatorSa.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responder.proposalDescription()).isEqualTo(negotiatedIke);
        assertThat(initiatorSa.proposalDescription()).isEqualTo(negotiatedIke);
        ChildSa responderChild = peers.responderSide.installed.get(0);
        ChildSa initiatorChild = peers.initiatorSide.installed.get(0);
        assertThat(responderChild.proposal()).isEqualTo(negotiatedEsp);
        assertThat(initiatorChild.proposal()).isEqualTo(negotiatedEsp);
        assertThat(responderChild.encryptionKeyIn()).isEqualTo(initiatorChild.encryptionKeyOut());
        assertThat(responderChild.encryptionKeyOut()).isEqualTo(initiatorChild.encryptionKeyIn());
        assertThat(peers.responderSide.events.lines).contains("completed responder");
    }

    @Test
    void windowsOfferWithoutOptInIsRefused() {
        TwoPeers peers = new TwoPeers(WINDOWS_IKE, STRONG_IKE, "ikec-test-psk", WINDOWS_ESP, STRONG_ESP);
        peers.now = 7_000_000_000L;

        // HDR(SPIr=0), SAi1, KEi(modp1024), Ni  -->
        //                      <--  HDR(SPIr=0), N(NO_PROPOSAL_CHOSEN)
        peers.initiator.start(peers.now);
        peers.deliverToResponder();

        IkeMessage refusal = decode(peers.responderSide.sent.peek());
        assertThat(refusal.notify(NotifyType.NO_PROPOSAL_CHOSEN)).isPresent();
        assertThat(refusal.header().spiR()).isZero();
        assertThat(peers.responder).isNull();
        assertThat(peers.responderSide.events.lines).contains("failed responder no_proposal");
        assertThat(refusalLines("IKE_SA_INIT from")).containsExactly("IKE_SA_INIT from /192.0.2.1:500 with SPIi"
                + " 1111222233334444 refused with NO_PROPOSAL_CHOSEN: no IKE proposal of connection rw matches the"
                + " peer's aes256-aes192-aes128-sha384-sha256-sha1-prfsha384-prfsha256-prfsha1-modp1024,"
                + " 3des-sha384-sha256-sha1-prfsha384-prfsha256-prfsha1-modp1024;"
                + " the offer matches the weak set windows-default of the Windows built-in IKEv2 client, which is"
                + " off by default; set allow_weak = windows-default on the connection to accept it");
    }

    @Test
    void unrelatedOfferGetsNoWeakSetHint() {
        TwoPeers peers = new TwoPeers(List.of("aes128-sha512-ecp384"), STRONG_IKE, "ikec-test-psk");
        peers.now = 7_100_000_000L;

        // HDR(SPIr=0), SAi1, KEi(ecp384), Ni  -->
        //                      <--  HDR(SPIr=0), N(NO_PROPOSAL_CHOSEN)
        peers.initiator.start(peers.now);
        peers.deliverToResponder();

        assertThat(peers.responderSide.events.lines).contains("failed responder no_proposal");
        assertThat(refusalLines("IKE_SA_INIT from")).containsExactly("IKE_SA_INIT from /192.0.2.1:500 with SPIi"
                + " 1111222233334444 refused with NO_PROPOSAL_CHOSEN: no IKE proposal of connection rw matches the"
                + " peer's aes128-sha512-prfsha512-ecp384");
    }

    @Test
    void weakEspOfferRefusedInIkeAuth() {
        TwoPeers peers = new TwoPeers(STRONG_IKE, STRONG_IKE, "ikec-test-psk", List.of("3des-sha1"), STRONG_ESP);

        // HDR, SAi1, KEi, Ni  -->  <--  HDR, SAr1, KEr, Nr
        // HDR, SK {IDi, IDr, AUTH, SAi2(3des-sha1), TSi, TSr}  -->
        //                      <--  HDR, SK {IDr, AUTH, N(NO_PROPOSAL_CHOSEN)}
        peers.establish();

        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responderSide.installed).isEmpty();
        assertThat(peers.responderSide.events.lines).contains("child failed responder no_proposal");
        assertThat(refusalLines("CHILD SA refused")).singleElement().asString().endsWith(" CHILD SA refused with"
                + " NO_PROPOSAL_CHOSEN: no ESP proposal of connection rw matches the peer's 3des-sha1; the offer"
                + " matches the weak set windows-default of the Windows built-in IKEv2 client, which is off by"
                + " default; set allow_weak = windows-default on the connection to accept it");
    }

    private static List<String> withPresets(List<String> strong, boolean ike) {
        List<String> proposals = new ArrayList<>(strong);
        for (WeakProposals.Preset preset : WeakProposals.presets()) {
            proposals.addAll(ike ? preset.ikeProposals() : preset.espProposals());
        }
        return proposals;
    }

    private List<String> refusalLines(String part) {
        return logs.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).filter(message -> message.contains(part))
                .map(message -> message.replaceFirst(HELD_BACK_SUFFIX, "")).toList();
    }

    private static IkeMessage decode(byte[] datagram) {
        try {
            return IkeCodec.decode(datagram, 0, datagram.length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
