package org.ikec.protocol.ike;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseRequest;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;

/**
 * An initiator and a responder wired back to back in memory, with the datagrams each sends
 * queued until the test delivers them.
 */
final class TwoPeers {

    static final InetSocketAddress INITIATOR = new InetSocketAddress("192.0.2.1", 500);
    static final InetSocketAddress RESPONDER = new InetSocketAddress("192.0.2.2", 500);
    static final int NAT_PORT = 4500;

    /** What one side sent or reported. */
    static final class Recorder implements IkeSaListener {
        final Deque<byte[]> sent = new ArrayDeque<>();
        final List<InetSocketAddress> sentTo = new ArrayList<>();
        final List<ChildSa> installed = new ArrayList<>();
        final List<ChildSa> removed = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        IkeSa established;
        IkeSa successor;
        final List<IkeSa> sas = new ArrayList<>();
        final RecordedEvents events = new RecordedEvents();
        final List<LeaseRequest> leaseRequests = new ArrayList<>();
        /** Each release as {@code owner leases}. */
        final List<String> released = new ArrayList<>();

        @Override
        public void addressesRequested(IkeSa sa, LeaseRequest request) {
            leaseRequests.add(request);
        }

        @Override
        public void addressesReleased(IkeSa sa, String owner, List<Lease> leases) {
            released.add(owner + " " + leases);
        }

        /** The EAP method to use in place of the default one, or null. */
        org.ikec.protocol.eap.EapMethod eapMethod;

        @Override
        public org.ikec.protocol.eap.EapMethod eapMethod(org.ikec.protocol.config.ConnectionConfig connection,
                                                         SecretStore secrets) {
            return eapMethod != null ? eapMethod : IkeSaListener.super.eapMethod(connection, secrets);
        }

        @Override
        public IkeEvents events() {
            return events;
        }

        @Override
        public void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
            sent.add(datagram);
            sentTo.add(remote);
        }

        @Override
        public void established(IkeSa sa) {
            established = sa;
            if (!sas.contains(sa)) {
                sas.add(sa);
            }
        }

        @Override
        public void childSaInstalled(IkeSa sa, ChildSa child) {
            installed.add(child);
        }

        @Override
        public void childSaRemoved(IkeSa sa, ChildSa child) {
            removed.add(child);
        }

        @Override
        public void rekeyed(IkeSa predecessor, IkeSa successor) {
            this.successor = successor;
            if (!sas.contains(successor)) {
                sas.add(successor);
            }
        }

        /** Returns the IKE SA a message with these SPIs belongs to, or null. */
        IkeSa find(IkeHeader header) {
            for (IkeSa sa : sas) {
                if (sa.spiI() == header.spiI() && sa.spiR() == header.spiR()) {
                    return sa;
                }
            }
            return null;
        }

        /** Returns the IKE SAs that are not closed. */
        List<IkeSa> live() {
            return sas.stream().filter(sa -> !sa.isClosed()).toList();
        }

        @Override
        public void closed(IkeSa sa, String reason) {
            closed.add(reason);
        }
    }

    static final class CountingSpis implements SpiSource {
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

    final Recorder initiatorSide = new Recorder();
    final Recorder responderSide = new Recorder();
    final IkeSettings initiatorSettings;
    final IkeSettings responderSettings;
    final IkeSaInitiator initiator;
    IkeSa responder;
    long now = 1_000_000;

    /** The responder's cookie check, or null while the responder does not require cookies. */
    CookieGate cookieGate;

    TwoPeers(List<String> initiatorProposals, List<String> responderProposals, String initiatorPsk) {
        this(initiatorProposals, responderProposals, initiatorPsk, List.of("aes256gcm16"), List.of("aes256gcm16"));
    }

    TwoPeers(List<String> initiatorProposals, List<String> responderProposals, String initiatorPsk,
             List<String> initiatorEsp, List<String> responderEsp) {
        this(initiatorProposals, responderProposals, initiatorPsk,
                child(initiatorEsp, "192.0.2.65/32", "192.0.2.128/25"),
                child(responderEsp, "192.0.2.128/25", "192.0.2.64/26"));
    }

    TwoPeers(List<String> initiatorProposals, List<String> responderProposals, String initiatorPsk,
             ChildConfig initiatorChild, ChildConfig responderChild) {
        ConnectionConfig initiatorConnection = connection("site", initiatorProposals, "client1@ikec.test",
                "gw.ikec.test", initiatorChild);
        ConnectionConfig responderConnection = connection("rw", responderProposals, "gw.ikec.test", "%any",
                responderChild);
        initiatorSettings = settings(initiatorConnection, initiatorPsk);
        responderSettings = settings(responderConnection, "ikec-test-psk");
        initiator = new IkeSaInitiator(initiatorSettings, initiatorConnection, childless ? null : initiatorChild,
                initiatorSide, new CountingSpis(), 0x1111_2222_3333_4444L, INITIATOR, RESPONDER, NAT_PORT);
    }

    /** Builds two peers from complete connections and secret stores, as certificate tests need. */
    TwoPeers(ConnectionConfig initiatorConnection, SecretStore initiatorSecrets, ConnectionConfig responderConnection,
             SecretStore responderSecrets) {
        initiatorSettings = settings(initiatorConnection, initiatorSecrets);
        responderSettings = settings(responderConnection, responderSecrets);
        initiator = new IkeSaInitiator(initiatorSettings, initiatorConnection, initiatorConnection.children().get(0),
                initiatorSide, new CountingSpis(), 0x1111_2222_3333_4444L, INITIATOR, RESPONDER, NAT_PORT);
    }

    /** Builds two peers from complete settings, each with its first connection, as address pool tests need. */
    TwoPeers(IkeSettings initiatorSettings, IkeSettings responderSettings) {
        this.initiatorSettings = initiatorSettings;
        this.responderSettings = responderSettings;
        ConnectionConfig initiatorConnection = initiatorSettings.connections().get(0);
        initiator = new IkeSaInitiator(initiatorSettings, initiatorConnection, initiatorConnection.children().get(0),
                initiatorSide, new CountingSpis(), 0x1111_2222_3333_4444L, INITIATOR, RESPONDER, NAT_PORT);
    }

    /** Set before construction to make the initiator ask for an IKE SA without a CHILD SA (RFC 6023). */
    static boolean childless;

    static ChildConfig child(List<String> esp, String localTs, String remoteTs) {
        return new ChildConfig("net", esp, List.of(TrafficSelectorSpec.parse(localTs)),
                List.of(TrafficSelectorSpec.parse(remoteTs)), Duration.ofHours(1), Duration.ofMinutes(66),
                Duration.ofMinutes(6), "tunnel");
    }

    static ConnectionConfig connection(String name, List<String> proposals, String localId, String remoteId,
                                       ChildConfig child) {
        return new ConnectionConfig(name, proposals, List.of(), List.of(), 500,
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(localId)),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(remoteId)), List.of(child),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    static IkeSettings settings(ConnectionConfig connection, String psk) {
        return settings(connection, (local, remote) -> Optional.of(psk.getBytes(StandardCharsets.UTF_8)));
    }

    static IkeSettings settings(ConnectionConfig connection, SecretStore secrets) {
        return new IkeSettings(List.of(connection), secrets, 1000, Duration.ofSeconds(2), 1.8, 3, Duration.ofSeconds(30));
    }

    /** Returns a connection with the given authentication rounds and one CHILD SA. */
    static ConnectionConfig connection(String name, String proposal, AuthConfig local, AuthConfig remote,
                                       ChildConfig child) {
        return new ConnectionConfig(name, List.of(proposal), List.of(), List.of(), 500, local, remote, List.of(child),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    /** Delivers the oldest datagram the initiator sent to the responder. */
    byte[] deliverToResponder() {
        byte[] datagram = initiatorSide.sent.poll();
        if (datagram == null) {
            throw new AssertionError("the initiator sent nothing");
        }
        IkeHeader header = header(datagram);
        if (responder == null || responder.isClosed() && header.spiR() == 0) {
            IkeMessage request;
            try {
                request = IkeCodec.decode(datagram, 0, datagram.length);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            if (cookieGate != null) {
                CookieGate.Verdict verdict = cookieGate.check(request, INITIATOR.getAddress(), now);
                if (verdict instanceof CookieGate.Verdict.Challenged challenged) {
                    responderSide.send(challenged.response(), RESPONDER, INITIATOR);
                    return datagram;
                }
                if (verdict instanceof CookieGate.Verdict.Dropped) {
                    return datagram;
                }
            }
            IkeSaInitResponder.Outcome outcome = IkeSaInitResponder.respond(request, datagram,
                    0xaaaa_bbbb_0000_0001L, RESPONDER, INITIATOR, responderSettings, responderSide,
                    new CountingSpis(), now);
            if (outcome instanceof IkeSaInitResponder.Outcome.Created created) {
                responder = created.sa();
            }
        } else {
            IkeSa target = responderSide.find(header);
            (target != null ? target : responder).receive(datagram, header, INITIATOR, RESPONDER, now);
        }
        return datagram;
    }

    /** Delivers the oldest datagram the responder sent to the initiator side. */
    byte[] deliverToInitiator() {
        byte[] datagram = responderSide.sent.poll();
        if (datagram == null) {
            throw new AssertionError("the responder sent nothing");
        }
        IkeHeader header = header(datagram);
        IkeSa target = initiatorSide.find(header);
        if (target == null) {
            initiator.receive(datagram, header, RESPONDER, INITIATOR, now);
        } else {
            target.receive(datagram, header, RESPONDER, INITIATOR, now);
        }
        return datagram;
    }

    static IkeHeader header(byte[] datagram) {
        try {
            return IkeCodec.decodeHeader(datagram, 0, datagram.length);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Delivers every queued datagram, both ways, until neither side has anything left to send. */
    void deliverAll() {
        for (int round = 0; round < 100 && !(initiatorSide.sent.isEmpty() && responderSide.sent.isEmpty()); round++) {
            while (!initiatorSide.sent.isEmpty()) {
                deliverToResponder();
            }
            while (!responderSide.sent.isEmpty()) {
                deliverToInitiator();
            }
        }
    }

    /**
     * Moves the clock from deadline to deadline, running both sides' timers and delivering what
     * they send, until {@code done} holds or {@code maxMillis} have passed.
     */
    void runClockUntil(java.util.function.BooleanSupplier done, long maxMillis) {
        long end = now + maxMillis;
        while (!done.getAsBoolean() && now < end) {
            List<IkeSa> all = new ArrayList<>(initiatorSide.live());
            all.addAll(responderSide.live());
            long next = all.stream().mapToLong(IkeSa::nextDeadline).min().orElse(Long.MAX_VALUE);
            if (next == Long.MAX_VALUE) {
                return;
            }
            now = Math.max(now, next);
            for (IkeSa sa : all) {
                if (sa.nextDeadline() <= now) {
                    sa.onTimer(now);
                }
            }
            deliverAll();
        }
    }

    /** Runs IKE_SA_INIT and IKE_AUTH to the end. */
    void establish() {
        initiator.start(now);
        for (int step = 0; step < 10 && !initiator.isDone(); step++) {
            deliverToResponder();
            deliverToInitiator();
        }
    }
}
