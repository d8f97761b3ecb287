package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ikec.protocol.auth.TestPki;
import org.ikec.protocol.auth.TestPki.Credential;
import org.ikec.protocol.auth.TestPki.KeyType;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.AuthConfig.SendCert;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.eap.EapMethod;
import org.ikec.protocol.eap.EapPacket;
import org.ikec.protocol.eap.EapStep;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.wire.ConfigAttribute;
import org.ikec.protocol.wire.ConfigAttributeType;
import org.ikec.protocol.wire.ConfigType;
import org.ikec.protocol.wire.Configuration;
import org.ikec.protocol.wire.Identification;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.PayloadType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * IKE_AUTH with EAP-MSCHAPv2 (RFC 7296 §2.16): the gateway authenticates with a certificate, the
 * client, a hand-built {@link EapClient}, with user {@code alice} and her password.
 */
class EapAuthenticationTest {

    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final String GW_ID = "gw.ikec.test";
    private static final String PASSWORD = "alice-Pa55word";
    private static final AddressPoolConfig RW4 = new AddressPoolConfig("rw4", address("10.3.0.0"), 24, List.of());

    private final TestPki pki = new TestPki();
    private final Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test root CA", KeyType.P_256);
    private final Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=gw.ikec.test", KeyType.P_256, GW_ID);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    /** The root logger, where the capture is attached, and the IKE loggers, set to TRACE during each test. */
    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<Logger> tracedLoggers = List.of(rootLogger, (Logger) LoggerFactory.getLogger("org.ikec.ike"),
            (Logger) LoggerFactory.getLogger("org.ikec.enc"));
    private final List<Level> previousLevels = new java.util.ArrayList<>();

    @BeforeEach
    void captureLogs() {
        for (Logger logger : tracedLoggers) {
            previousLevels.add(logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
        logs.start();
        rootLogger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        rootLogger.detachAppender(logs);
        for (int i = 0; i < tracedLoggers.size(); i++) {
            tracedLoggers.get(i).setLevel(previousLevels.get(i));
        }
    }

    @Test
    void eapMsChapV2EstablishesWithChildSa() throws Exception {
        TwoPeers peers = peers(AuthConfig.ANY_EAP_ID);
        EapClient client = new EapClient(PROPOSAL, "alice", PASSWORD);
        initExchange(peers, client);

        // HDR, SK {IDi, SAi2, TSi, TSr}  -->
        //      <--  HDR, SK {IDr, CERT, AUTH, EAP(Request/Identity)}
        IkeMessage first = exchange(peers, client, client.firstAuthRequest());
        assertThat(types(first)).containsExactly(PayloadType.ID_R, PayloadType.CERT, PayloadType.AUTH, PayloadType.EAP);
        assertThat(first.header().messageId()).isEqualTo(1);
        EapPacket identityRequest = EapClient.eap(first);
        assertThat(identityRequest.code()).isEqualTo(EapPacket.REQUEST);
        assertThat(identityRequest.type()).isEqualTo(EapPacket.TYPE_IDENTITY);
        Identification idR = first.first(Identification.class).orElseThrow();

        // HDR, SK {EAP(Response/Identity "alice")}  -->
        //      <--  HDR, SK {EAP(Request/MS-CHAPv2 Challenge)}
        IkeMessage second = exchange(peers, client, client.eapRequest(client.identityResponse(identityRequest)));
        EapPacket challenge = EapClient.eap(second);
        byte[] challengeData = challenge.typeData();
        assertThat(second.header().messageId()).isEqualTo(2);
        assertThat(challenge.identifier()).isEqualTo((identityRequest.identifier() + 1) & 0xff);
        assertThat(challenge.type()).isEqualTo(EapPacket.TYPE_MSCHAPV2);
        assertThat(challengeData[0]).isEqualTo((byte) 1);
        assertThat(challengeData[4]).isEqualTo((byte) 16);
        assertThat(new String(challengeData, 21, challengeData.length - 21, StandardCharsets.US_ASCII)).isEqualTo("ikec");
        assertThat(((challengeData[2] & 0xff) << 8) | (challengeData[3] & 0xff)).isEqualTo(challengeData.length);

        // HDR, SK {EAP(Response/MS-CHAPv2 Response)}  -->
        //      <--  HDR, SK {EAP(Request/MS-CHAPv2 Success "S=... M=Welcome")}
        IkeMessage third = exchange(peers, client, client.eapRequest(client.challengeResponse(challenge)));
        EapPacket success = EapClient.eap(third);
        byte[] successData = success.typeData();
        assertThat(successData[0]).isEqualTo((byte) 3);
        assertThat(new String(successData, 4, successData.length - 4, StandardCharsets.US_ASCII))
                .isEqualTo(client.expectedAuthenticatorResponse(Arrays.copyOfRange(challengeData, 5, 21))
                        + " M=Welcome");

        // HDR, SK {EAP(Response/MS-CHAPv2 Success)}  -->
        //      <--  HDR, SK {EAP(Success)}
        IkeMessage fourth = exchange(peers, client, client.eapRequest(EapClient.acknowledge(success)));
        EapPacket eapSuccess = EapClient.eap(fourth);
        assertThat(eapSuccess.code()).isEqualTo(EapPacket.SUCCESS);
        assertThat(eapSuccess.identifier()).isEqualTo(success.identifier());
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.CONNECTING);

        // HDR, SK {AUTH}  -->
        //      <--  HDR, SK {AUTH, SAr2, TSi, TSr}
        IkeMessage last = exchange(peers, client, client.finalAuthRequest());
        assertThat(types(last)).containsExactly(PayloadType.AUTH, PayloadType.SA, PayloadType.TS_I, PayloadType.TS_R);
        assertThat(last.header().messageId()).isEqualTo(5);
        assertThat(client.responderAuthValid(last, idR)).isTrue();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responder.remoteId()).hasToString("192.0.2.1");
        assertThat(peers.responder.peerAuthMethod()).isEqualTo(AuthConfig.EAP_MSCHAPV2);
        assertThat(peers.responderSide.installed).hasSize(1);
        assertThat(peers.responderSide.installed.get(0).outboundSpi()).isEqualTo(0xc1c1_0001);
        assertThat(outcomes(peers)).containsExactly("started responder", "completed responder");
        assertThat(messages("authenticated with EAP-MSCHAPv2")).containsExactly(
                "[5555666677778888_i aaaabbbb00000001_r 192.0.2.1] EAP identity 'alice' authenticated with EAP-MSCHAPv2");
        assertThat(logs.list).as("lines logged at TRACE").hasSizeGreaterThanOrEqualTo(4);
        assertThat(linesContaining(PASSWORD)).isEmpty();
        assertThat(linesContaining(client.mskHex())).isEmpty();
        assertThat(linesContaining(client.mskHex().substring(0, 32).toUpperCase(java.util.Locale.ROOT))).isEmpty();
        assertThat(linesContaining(client.ntResponseHex())).isEmpty();
    }

    @Test
    void retransmittedRoundGetsCachedResponse() throws Exception {
        TwoPeers peers = peers(AuthConfig.ANY_EAP_ID);
        EapClient client = new EapClient(PROPOSAL, "alice", PASSWORD);
        initExchange(peers, client);
        IkeMessage first = exchange(peers, client, client.firstAuthRequest());
        byte[] identityRound = client.eapRequest(client.identityResponse(EapClient.eap(first)));

        // HDR, SK {EAP(Response/Identity)}  -->  (sent twice)
        //      <--  HDR, SK {EAP(Request/MS-CHAPv2 Challenge)}  (the same bytes twice)
        peers.initiatorSide.sent.add(identityRound);
        peers.deliverToResponder();
        byte[] answer = peers.responderSide.sent.poll();
        peers.initiatorSide.sent.add(identityRound);
        peers.deliverToResponder();
        byte[] repeated = peers.responderSide.sent.poll();

        assertThat(repeated).isEqualTo(answer);
        assertThat(peers.responderSide.sent).isEmpty();
        assertThat(EapClient.eap(client.open(answer)).type()).isEqualTo(EapPacket.TYPE_MSCHAPV2);
    }

    @Test
    void configuredEapIdSkipsIdentityRequest() throws Exception {
        TwoPeers peers = peers("alice");
        EapClient client = new EapClient(PROPOSAL, "alice", PASSWORD);
        initExchange(peers, client);

        // HDR, SK {IDi, SAi2, TSi, TSr}  -->
        //      <--  HDR, SK {IDr, CERT, AUTH, EAP(Request/MS-CHAPv2 Challenge)}
        IkeMessage first = exchange(peers, client, client.firstAuthRequest());
        EapPacket challenge = EapClient.eap(first);
        assertThat(challenge.type()).isEqualTo(EapPacket.TYPE_MSCHAPV2);

        IkeMessage success = exchange(peers, client, client.eapRequest(client.challengeResponse(challenge)));
        exchange(peers, client, client.eapRequest(EapClient.acknowledge(EapClient.eap(success))));
        IkeMessage last = exchange(peers, client, client.finalAuthRequest());

        assertThat(client.responderAuthValid(last, first.first(Identification.class).orElseThrow())).isTrue();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
    }

    @Test
    void pendingBackendStepContinuesLater() throws Exception {
        TwoPeers peers = peers("alice");
        EapClient client = new EapClient(PROPOSAL, "alice", PASSWORD);
        List<String> backendCalls = new java.util.ArrayList<>();
        peers.responderSide.eapMethod = new EapMethod() {
            @Override
            public int type() {
                return EapPacket.TYPE_MSCHAPV2;
            }

            @Override
            public String name() {
                return "EAP pass-through";
            }

            @Override
            public EapStep start(EapPacket identityResponse) {
                backendCalls.add("start " + new String(identityResponse.typeData(), StandardCharsets.UTF_8));
                return new EapStep.Pending();
            }

            @Override
            public EapStep process(EapPacket response) {
                backendCalls.add("process " + response.typeData().length + " bytes");
                return new EapStep.Pending();
            }
        };
        initExchange(peers, client);

        // HDR, SK {IDi, SAi2, TSi, TSr}  -->  (sent twice; no response while the backend decides)
        byte[] firstRequest = client.firstAuthRequest();
        peers.initiatorSide.sent.add(firstRequest);
        peers.deliverToResponder();
        peers.initiatorSide.sent.add(firstRequest);
        peers.deliverToResponder();
        assertThat(peers.responderSide.sent).isEmpty();
        assertThat(backendCalls).containsExactly("start alice");

        //      <--  HDR, SK {IDr, CERT, AUTH, EAP(Request/MS-CHAPv2)}  (once the backend decided)
        peers.responder.continueEap(new EapStep.Request(new byte[] {1, 0x42, 0, 5, 0}));
        IkeMessage first = client.open(peers.responderSide.sent.poll());
        assertThat(types(first)).containsExactly(PayloadType.ID_R, PayloadType.CERT, PayloadType.AUTH, PayloadType.EAP);
        assertThat(first.header().messageId()).isEqualTo(1);
        EapPacket request = EapClient.eap(first);
        assertThat(request.typeData()).containsExactly(1, 0x42, 0, 5, 0);

        // HDR, SK {EAP(Response/MS-CHAPv2)}  -->
        //      <--  HDR, SK {EAP(Success)}  (once the backend decided, with its MSK)
        peers.initiatorSide.sent.add(client.eapRequest(EapPacket.of(EapPacket.RESPONSE, request.identifier(),
                EapPacket.TYPE_MSCHAPV2, new byte[] {2, 0x42, 0, 4})));
        peers.deliverToResponder();
        assertThat(peers.responderSide.sent).isEmpty();
        assertThat(backendCalls).containsExactly("start alice", "process 4 bytes");
        byte[] backendMsk = new byte[64];
        Arrays.fill(backendMsk, (byte) 0x5a);
        peers.responder.continueEap(new EapStep.Success(backendMsk));
        IkeMessage second = client.open(peers.responderSide.sent.poll());
        assertThat(EapClient.eap(second).code()).isEqualTo(EapPacket.SUCCESS);
        peers.responder.continueEap(new EapStep.Failure("late"));
        assertThat(peers.responderSide.sent).isEmpty();

        // HDR, SK {AUTH}  -->
        //      <--  HDR, SK {AUTH, SAr2, TSi, TSr}
        client.useMsk(backendMsk);
        IkeMessage last = exchange(peers, client, client.finalAuthRequest());
        assertThat(client.responderAuthValid(last, first.first(Identification.class).orElseThrow())).isTrue();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
    }

    @Test
    void virtualIpLeasedAfterEap() throws Exception {
        TwoPeers peers = peers("alice", List.of("rw4"), "dynamic");
        EapClient client = new EapClient(PROPOSAL, "alice", PASSWORD);
        initExchange(peers, client);

        // HDR, SK {IDi, CP(CFG_REQUEST), SAi2, TSi, TSr}  -->
        //      <--  HDR, SK {IDr, CERT, AUTH, EAP(Request/MS-CHAPv2 Challenge)}
        IkeMessage first = exchange(peers, client, client.firstAuthRequest(new Configuration(ConfigType.CFG_REQUEST,
                List.of(new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, new byte[0])))));
        IkeMessage success = exchange(peers, client, client.eapRequest(client.challengeResponse(EapClient.eap(first))));
        exchange(peers, client, client.eapRequest(EapClient.acknowledge(EapClient.eap(success))));

        // HDR, SK {AUTH}  -->  (the response waits for the lease)
        peers.initiatorSide.sent.add(client.finalAuthRequest());
        peers.deliverToResponder();
        assertThat(peers.responderSide.sent).isEmpty();
        assertThat(peers.responderSide.leaseRequests).singleElement()
                .satisfies(request -> assertThat(request.pools()).containsExactly("rw4"))
                .satisfies(request -> assertThat(request.ipv4()).isTrue())
                .satisfies(request -> assertThat(request.identity()).isEqualTo("192.0.2.1"));

        //      <--  HDR, SK {AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
        InetAddress leased = InetAddress.getByName("10.3.0.1");
        assertThat(peers.responder.addressesLeased(new LeaseAnswer(List.of(new Lease("rw4", leased)), null),
                peers.now)).isTrue();
        IkeMessage last = client.open(peers.responderSide.sent.poll());
        assertThat(types(last)).containsExactly(PayloadType.AUTH, PayloadType.CP, PayloadType.SA, PayloadType.TS_I,
                PayloadType.TS_R);
        assertThat(last.header().messageId()).isEqualTo(4);
        assertThat(last.first(Configuration.class).orElseThrow().attributes()).containsExactly(
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, leased.getAddress()));
        assertThat(client.responderAuthValid(last, first.first(Identification.class).orElseThrow())).isTrue();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responder.leases()).containsExactly(new Lease("rw4", leased));
        assertThat(peers.responderSide.installed).singleElement()
                .satisfies(child -> assertThat(SelectorText.describe(child.remoteTs())).isEqualTo("10.3.0.1/32"));
    }

    @Test
    void wrongPasswordEndsWithEapFailure() throws Exception {
        assertRejected(new EapClient(PROPOSAL, "alice", "not-her-password"),
                "EAP-MSCHAPv2 failed: wrong password for EAP user 'alice'");
    }

    @Test
    void unknownUserEndsWithEapFailure() throws Exception {
        assertRejected(new EapClient(PROPOSAL, "mallory", PASSWORD), "EAP-MSCHAPv2 failed: unknown EAP user 'mallory'");
    }

    @Test
    void peerEndingEapAfterFailureRequestIsLogged() throws Exception {
        TwoPeers peers = peers(AuthConfig.ANY_EAP_ID);
        EapClient client = new EapClient(PROPOSAL, "alice", "not-her-password");
        initExchange(peers, client);
        IkeMessage first = exchange(peers, client, client.firstAuthRequest());
        IkeMessage second = exchange(peers, client, client.eapRequest(client.identityResponse(EapClient.eap(first))));
        exchange(peers, client, client.eapRequest(client.challengeResponse(EapClient.eap(second))));

        // HDR, SK {N(AUTHENTICATION_FAILED)}  -->  (INFORMATIONAL, in place of the MS-CHAPv2 Failure acknowledgement)
        //      <--  HDR, SK {}
        IkeMessage last = exchange(peers, client, client.authenticationFailedRequest());

        assertThat(last.payloads()).isEmpty();
        assertThat(last.header().messageId()).isEqualTo(4);
        assertThat(peers.responder.isClosed()).isTrue();
        assertThat(outcomes(peers)).containsExactly("started responder", "failed responder auth_failed");
        assertThat(messages("IKE_AUTH failed with")).containsExactly("[5555666677778888_i aaaabbbb00000001_r 192.0.2.1]"
                + " IKE_AUTH failed with AUTHENTICATION_FAILED: EAP-MSCHAPv2 failed: wrong password for EAP user"
                + " 'alice'; the peer ended IKE_AUTH with an INFORMATIONAL request [AUTHENTICATION_FAILED]");
    }

    @Test
    void handOffMidEapFailsNextRound() throws Exception {
        TwoPeers peers = peers(AuthConfig.ANY_EAP_ID);
        EapClient client = new EapClient(PROPOSAL, "alice", PASSWORD);
        initExchange(peers, client);
        IkeMessage first = exchange(peers, client, client.firstAuthRequest());
        IkeMessage second = exchange(peers, client, client.eapRequest(client.identityResponse(EapClient.eap(first))));

        IkeSa original = peers.responder;
        IkeSaState saved = original.exportState();
        IkeSa restored = IkeSa.restore(saved, peers.responderSettings, peers.responderSide,
                new TwoPeers.CountingSpis());
        peers.responder = restored;
        peers.responderSide.sas.replaceAll(sa -> sa == original ? restored : sa);

        // HDR, SK {EAP(Response/MS-CHAPv2 Response)}  -->   (to the process that restored the IKE SA)
        //      <--  HDR, SK {N(AUTHENTICATION_FAILED)}
        IkeMessage answer = exchange(peers, client, client.eapRequest(client.challengeResponse(EapClient.eap(second))));
        assertThat(saved.eapInterrupted()).isTrue();
        assertThat(types(answer)).containsExactly(PayloadType.NOTIFY);
        assertThat(answer.notify(NotifyType.AUTHENTICATION_FAILED)).isPresent();
        assertThat(restored.isClosed()).isTrue();
        assertThat(messages("IKE_AUTH failed with")).containsExactly("[5555666677778888_i aaaabbbb00000001_r 192.0.2.1]"
                + " IKE_AUTH failed with AUTHENTICATION_FAILED: the EAP conversation did not move with the IKE SA to"
                + " this node; the client has to connect again");
    }

    private void assertRejected(EapClient client, String reason) throws Exception {
        TwoPeers peers = peers(AuthConfig.ANY_EAP_ID);
        initExchange(peers, client);
        IkeMessage first = exchange(peers, client, client.firstAuthRequest());
        IkeMessage second = exchange(peers, client, client.eapRequest(client.identityResponse(EapClient.eap(first))));

        // HDR, SK {EAP(Response/MS-CHAPv2 Response)}  -->
        //      <--  HDR, SK {EAP(Request/MS-CHAPv2 Failure "E=691 R=0 C=... V=3")}
        EapPacket challenge = EapClient.eap(second);
        IkeMessage third = exchange(peers, client, client.eapRequest(client.challengeResponse(challenge)));
        EapPacket failure = EapClient.eap(third);
        String challengeHex = java.util.HexFormat.of().withUpperCase()
                .formatHex(Arrays.copyOfRange(challenge.typeData(), 5, 21));
        assertThat(new String(failure.typeData(), 4, failure.typeData().length - 4, StandardCharsets.US_ASCII))
                .isEqualTo("E=691 R=0 C=" + challengeHex + " V=3 M=Authentication failed");

        // HDR, SK {EAP(Response/MS-CHAPv2 Failure)}  -->
        //      <--  HDR, SK {EAP(Failure), N(AUTHENTICATION_FAILED)}
        IkeMessage last = exchange(peers, client, client.eapRequest(EapClient.acknowledge(failure)));
        assertThat(types(last)).containsExactly(PayloadType.EAP, PayloadType.NOTIFY);
        assertThat(EapClient.eap(last).code()).isEqualTo(EapPacket.FAILURE);
        assertThat(last.notify(NotifyType.AUTHENTICATION_FAILED)).isPresent();
        assertThat(peers.responder.isClosed()).isTrue();
        assertThat(outcomes(peers)).containsExactly("started responder", "failed responder auth_failed");
        assertThat(messages("IKE_AUTH failed with")).containsExactly("[5555666677778888_i aaaabbbb00000001_r 192.0.2.1]"
                + " IKE_AUTH failed with AUTHENTICATION_FAILED: " + reason);
        assertThat(warnings()).hasSize(1);
        assertThat(linesContaining(PASSWORD)).isEmpty();
        assertThat(linesContaining(client.ntResponseHex())).isEmpty();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private TwoPeers peers(String eapId) {
        return peers(eapId, List.of(), "192.0.2.64/26");
    }

    /** Returns a gateway with pools for virtual IP addresses, whose CHILD SA's remote_ts is {@code remoteTs}. */
    private TwoPeers peers(String eapId, List<String> pools, String remoteTs) {
        AuthConfig gwLocal = new AuthConfig(AuthConfig.PUBKEY, IkeIdentity.parse(GW_ID), gw.certs(), List.of(),
                List.of(), SendCert.ALWAYS);
        AuthConfig gwRemote = new AuthConfig(AuthConfig.EAP_MSCHAPV2, IkeIdentity.ANY, List.of(), List.of(),
                List.of(), SendCert.IF_ASKED, eapId);
        ChildConfig child = TwoPeers.child(List.of("aes256gcm16"), "192.0.2.128/25", remoteTs);
        ConnectionConfig responder = new ConnectionConfig("rw", List.of(PROPOSAL), List.of(), List.of(), 500, gwLocal,
                gwRemote, List.of(child), Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10),
                Duration.ofSeconds(30), pools);
        ConnectionConfig unused = TwoPeers.connection("site", PROPOSAL, new AuthConfig(AuthConfig.PSK,
                IkeIdentity.parse("client1.ikec.test")), new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(GW_ID)),
                TwoPeers.child(List.of("aes256gcm16"), "192.0.2.65/32", "192.0.2.128/25"));
        IkeSettings responderSettings = new IkeSettings(List.of(responder), gatewaySecrets(), 1000,
                Duration.ofSeconds(2), 1.8, 3, Duration.ofSeconds(30), List.of(RW4));
        TwoPeers peers = new TwoPeers(TwoPeers.settings(unused, TestPki.secrets()), responderSettings);
        peers.now = TestPki.NOW.toEpochMilli();
        return peers;
    }

    private SecretStore gatewaySecrets() {
        SecretStore keys = TestPki.secrets(gw);
        Map<String, String> users = Map.of("alice", PASSWORD);
        return new SecretStore() {
            @Override
            public Optional<byte[]> sharedKey(IkeIdentity local, IkeIdentity remote) {
                return Optional.empty();
            }

            @Override
            public Optional<PrivateKey> privateKey(PublicKey publicKey) {
                return keys.privateKey(publicKey);
            }

            @Override
            public Optional<String> eapPassword(String eapIdentity) {
                return Optional.ofNullable(users.get(eapIdentity));
            }
        };
    }

    /** Runs IKE_SA_INIT: HDR, SAi1, KEi, Ni  -->  <--  HDR, SAr1, KEr, Nr, [CERTREQ]. */
    private static void initExchange(TwoPeers peers, EapClient client) throws Exception {
        peers.initiatorSide.sent.add(client.initRequest());
        peers.deliverToResponder();
        client.initResponse(peers.responderSide.sent.poll());
    }

    private static IkeMessage exchange(TwoPeers peers, EapClient client, byte[] request) throws Exception {
        peers.initiatorSide.sent.add(request);
        peers.deliverToResponder();
        byte[] response = peers.responderSide.sent.poll();
        assertThat(response).as("the responder's answer").isNotNull();
        return client.open(response);
    }

    private static List<Integer> types(IkeMessage message) {
        return message.payloads().stream().map(Payload::type).toList();
    }

    private static List<String> outcomes(TwoPeers peers) {
        return peers.responderSide.events.lines.stream()
                .filter(line -> line.startsWith("started") || line.startsWith("completed") || line.startsWith("failed"))
                .toList();
    }

    private List<String> messages(String part) {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(part)).toList();
    }

    private List<String> linesContaining(String secret) {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(secret)).toList();
    }

    private List<ILoggingEvent> warnings() {
        return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }
}
