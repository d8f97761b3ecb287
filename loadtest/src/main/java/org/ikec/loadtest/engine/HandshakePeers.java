package org.ikec.loadtest.engine;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitResponder;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.IkeSaListener;
import org.ikec.protocol.ike.SpiSource;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.MalformedMessageException;

/**
 * An IKEv2 initiator and responder configured for one PSK handshake (RFC 7296 §1.2: IKE_SA_INIT,
 * then IKE_AUTH creating one CHILD SA), by default with {@code aes256gcm16-prfsha256-x25519} and
 * ESP {@code aes256gcm16}. Datagrams stay in memory and nothing is sent on a socket, so the
 * addresses below are only the values written into NAT detection and the SAs.
 *
 * <p>Each {@link Handshake} runs one exchange step by step, so that a benchmark can time the
 * responder's steps alone and prepare the initiator's messages outside the timed method. The load
 * generator runs whole handshakes to compile its hot paths before it starts (see {@link JitWarmUp}).
 */
public final class HandshakePeers {

    public static final String IKE_PROPOSAL = "aes256gcm16-prfsha256-x25519";
    public static final String ESP_PROPOSAL = "aes256gcm16";
    static final InetSocketAddress INITIATOR = new InetSocketAddress("192.0.2.1", 500);
    static final InetSocketAddress RESPONDER = new InetSocketAddress("192.0.2.2", 500);

    private static final int NAT_PORT = 4500;
    private static final String PSK = "ikec-bench-psk";
    private static final long SPI_I = 0x1111_2222_3333_4444L;
    private static final long SPI_R = 0xaaaa_bbbb_0000_0001L;
    private static final long NOW_MILLIS = 1_000_000;

    private final ConnectionConfig initiatorConnection;
    private final ChildConfig initiatorChild;
    private final IkeSettings initiatorSettings;
    private final IkeSettings responderSettings;

    /** Creates peers that propose and accept {@link #IKE_PROPOSAL} and ESP {@link #ESP_PROPOSAL}. */
    public HandshakePeers() {
        this(IKE_PROPOSAL, ESP_PROPOSAL);
    }

    /** Creates peers that propose and accept {@code ikeProposal} and ESP {@code espProposal}, in swanctl syntax. */
    public HandshakePeers(String ikeProposal, String espProposal) {
        initiatorChild = child("192.0.2.65/32", "192.0.2.128/25", espProposal);
        ChildConfig responderChild = child("192.0.2.128/25", "192.0.2.64/26", espProposal);
        initiatorConnection = connection("site", "client1@ikec.test", "gw.ikec.test", initiatorChild, ikeProposal);
        ConnectionConfig responderConnection = connection("rw", "gw.ikec.test", "%any", responderChild, ikeProposal);
        initiatorSettings = settings(initiatorConnection);
        responderSettings = settings(responderConnection);
    }

    private static ChildConfig child(String localTs, String remoteTs, String espProposal) {
        return new ChildConfig("net", List.of(espProposal), List.of(TrafficSelectorSpec.parse(localTs)),
                List.of(TrafficSelectorSpec.parse(remoteTs)), Duration.ofHours(1), Duration.ofMinutes(66),
                Duration.ofMinutes(6), "tunnel");
    }

    private static ConnectionConfig connection(String name, String localId, String remoteId, ChildConfig child,
                                               String ikeProposal) {
        return new ConnectionConfig(name, List.of(ikeProposal), List.of(), List.of(), 500,
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(localId)),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(remoteId)), List.of(child),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    private static IkeSettings settings(ConnectionConfig connection) {
        return new IkeSettings(List.of(connection),
                (local, remote) -> Optional.of(PSK.getBytes(StandardCharsets.UTF_8)),
                1000, Duration.ofSeconds(2), 1.8, 3, Duration.ofSeconds(30));
    }

    /** Starts a handshake whose initiator has not sent anything yet. */
    public Handshake newHandshake() {
        return new Handshake();
    }

    /** One handshake between a fresh initiator and a fresh responder IKE SA. */
    public final class Handshake {

        private final Outbox initiatorOutbox = new Outbox();
        private final Outbox responderOutbox = new Outbox();
        private final IkeSaInitiator initiator = new IkeSaInitiator(initiatorSettings, initiatorConnection,
                initiatorChild, initiatorOutbox, new CountingSpis(), SPI_I, INITIATOR, RESPONDER, NAT_PORT);
        private IkeSa responder;

        /** Makes the initiator build its IKE_SA_INIT request (HDR, SAi1, KEi, Ni) and returns it. */
        public byte[] initiatorSaInitRequest() {
            initiator.start(NOW_MILLIS);
            return initiatorOutbox.take("IKE_SA_INIT request");
        }

        /** Responder: decodes the IKE_SA_INIT request, creates the IKE SA and returns its response. */
        public byte[] respondToSaInit(byte[] request) {
            IkeMessage message;
            try {
                message = IkeCodec.decode(request, 0, request.length);
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("the initiator sent a malformed IKE_SA_INIT request", e);
            }

            IkeSaInitResponder.Outcome outcome = IkeSaInitResponder.respond(message, request, SPI_R, RESPONDER,
                    INITIATOR, responderSettings, responderOutbox, new CountingSpis(), NOW_MILLIS);
            if (!(outcome instanceof IkeSaInitResponder.Outcome.Created created)) {
                throw new IllegalStateException("the responder did not create an IKE SA: " + outcome);
            }
            responder = created.sa();
            return responderOutbox.take("IKE_SA_INIT response");
        }

        /** Makes the initiator process the IKE_SA_INIT response and returns its IKE_AUTH request. */
        public byte[] initiatorAuthRequest(byte[] saInitResponse) {
            initiator.receive(saInitResponse, header(saInitResponse), RESPONDER, INITIATOR, NOW_MILLIS);
            return initiatorOutbox.take("IKE_AUTH request");
        }

        /** Responder: opens and checks the IKE_AUTH request, installs the CHILD SA, returns the response. */
        public byte[] respondToAuth(byte[] authRequest) {
            responder.receive(authRequest, header(authRequest), INITIATOR, RESPONDER, NOW_MILLIS);
            return responderOutbox.take("IKE_AUTH response");
        }

        /** Makes the initiator process the IKE_AUTH response, which completes its side. */
        public void initiatorFinish(byte[] authResponse) {
            initiator.receive(authResponse, header(authResponse), RESPONDER, INITIATOR, NOW_MILLIS);
        }

        /** Runs all four messages and returns the responder's IKE SA. */
        public IkeSa runToEnd() {
            byte[] saInitResponse = respondToSaInit(initiatorSaInitRequest());
            byte[] authResponse = respondToAuth(initiatorAuthRequest(saInitResponse));
            initiatorFinish(authResponse);
            return responder;
        }

        /** Throws unless both sides report an established IKE SA with one CHILD SA. */
        public void checkEstablished() {
            if (responderOutbox.established == null || responderOutbox.childSas != 1
                    || !initiator.isDone() || initiator.result().isEmpty() || initiatorOutbox.childSas != 1) {
                throw new IllegalStateException("the handshake did not establish an IKE SA with one CHILD SA;"
                        + " initiator " + initiator + ", responder " + responder);
            }
        }

        private IkeHeader header(byte[] datagram) {
            try {
                return IkeCodec.decodeHeader(datagram, 0, datagram.length);
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("a peer sent a datagram with a malformed IKE header", e);
            }
        }
    }

    /** The datagrams one side sent and the SA events it reported. */
    private static final class Outbox implements IkeSaListener {

        private final Deque<byte[]> sent = new ArrayDeque<>();
        private IkeSa established;
        private int childSas;

        byte[] take(String expected) {
            byte[] datagram = sent.poll();
            if (datagram == null) {
                throw new IllegalStateException("expected an " + expected + " but nothing was sent");
            }
            return datagram;
        }

        @Override
        public void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
            sent.add(datagram);
        }

        @Override
        public void established(IkeSa sa) {
            established = sa;
        }

        @Override
        public void childSaInstalled(IkeSa sa, ChildSa child) {
            childSas++;
        }

        @Override
        public void childSaRemoved(IkeSa sa, ChildSa child) {
            childSas--;
        }

        @Override
        public void rekeyed(IkeSa predecessor, IkeSa successor) {
        }

        @Override
        public void closed(IkeSa sa, String reason) {
        }
    }

    /** SPIs from counters, so that every handshake gets valid values without drawing random numbers. */
    private static final class CountingSpis implements SpiSource {

        private final AtomicInteger child = new AtomicInteger(0x1000);
        private final AtomicLong ike = new AtomicLong(7);

        @Override
        public long newIkeSpi(long predecessorSpi) {
            return predecessorSpi & 0xffffffff00000000L | ike.incrementAndGet();
        }

        @Override
        public int newChildSpi() {
            return child.incrementAndGet();
        }
    }
}
