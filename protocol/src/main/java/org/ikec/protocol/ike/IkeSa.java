package org.ikec.protocol.ike;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import org.ikec.protocol.auth.SignatureKey;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.crypto.IkeKeyMaterial;
import org.ikec.protocol.crypto.IntegrityCheckFailedException;
import org.ikec.protocol.crypto.SkCipher;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.wire.Encrypted;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.MalformedMessageException;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IKE SA after IKE_SA_INIT (RFC 7296): message IDs and the window of one (§2.1-2.3), cached
 * replies to retransmitted requests, retransmission of our own requests with back-off, NAT-T
 * address updates (§2.23), and dispatch of each request to the responder of its exchange.
 *
 * <p>An IKE SA is driven by one thread at a time (its actor); it does no I/O itself and reads no
 * clock: every call takes the time, and everything it emits goes to its {@link IkeSaListener}.
 */
public final class IkeSa {

    static final Logger LOG = LoggerFactory.getLogger("org.ikec.ike");
    /** Key lines, written only when {@link IkeSaListener#logKeys} is true. */
    static final Logger KEY_LOG = LoggerFactory.getLogger("org.ikec.enc");

    /** The IKE SA's life-cycle state. */
    public enum State {
        /** IKE_SA_INIT response sent, waiting for IKE_AUTH. */
        CONNECTING,
        ESTABLISHED,
        /** A successor took over after an IKE SA rekey; this one waits for its DELETE. */
        REKEYED,
        /** We sent a DELETE for this IKE SA. */
        DELETING,
        CLOSED
    }

    /** Our request waiting for its response; {@code sentNanos} is its first transmission on the events clock. */
    private record PendingRequest(long messageId, OwnRequest request, byte[] datagram, int retransmits,
                                  long retransmitAtMillis, long sentNanos) {
    }

    /** A CHILD SA rekey the peer started, kept to settle a collision with ours (§2.8.1). */
    record PeerRekey(byte[] nonceI, byte[] nonceR, ChildSa replacement) {
    }

    /** An IKE SA rekey the peer started while ours was outstanding (§2.8.2). */
    record PeerIkeRekey(byte[] nonceI, byte[] nonceR, IkeSa successor) {
    }

    /** How long a rekey waits before it is tried again after TEMPORARY_FAILURE or an invalid response. */
    private static final long REKEY_RETRY_MIN_MILLIS = 2_000;
    private static final long REKEY_RETRY_JITTER_MILLIS = 8_000;

    /** How long an IKE SA replaced by a peer's rekey waits for the peer's DELETE before it goes. */
    private static final long REKEYED_LINGER_MILLIS = 60_000;

    private static final String HALF_OPEN_TIMEOUT = "half-open timeout";
    /** The queue that {@link #queued()} returns while there are no requests; nothing is ever added to it. */
    private static final Deque<OwnRequest> NO_REQUESTS = new ArrayDeque<>(0);
    private static final LogLimiter HALF_OPEN_LOG = new LogLimiter();

    final IkeSettings settings;
    final IkeSaListener listener;
    final IkeEvents events;
    final SpiSource spis;
    final boolean originalInitiator;
    final long spiI;
    final long spiR;
    final SelectedProposal proposal;
    final IkeKeyMaterial keys;
    /**
     * Ni and Nr of IKE_SA_INIT, which IKE_AUTH signs and the first CHILD SA's keys use. They are
     * dropped once established, because later exchanges bring their own nonces (§1.3, §2.17).
     */
    byte[] nonceI;
    byte[] nonceR;

    /** The IKE_SA_INIT request and response as sent, signed by AUTH (§2.15); dropped once established. */
    byte[] initRequest;
    byte[] initResponse;

    InetSocketAddress local;
    /** The peer's endpoint, packed by {@link PeerEndpoint} if IPv4 and otherwise in {@code remoteOther}. */
    private long remoteIpv4;
    private InetSocketAddress remoteOther;
    final boolean natDetected;

    ConnectionConfig connection;
    /** The EAP rounds of IKE_AUTH under way (RFC 7296 §2.16), or null. */
    EapRound eapRound;
    /** The kind of key the peer signed its AUTH payload with, or null when it did not sign. */
    SignatureKey peerSignatureKey;
    /** Whether this SA was restored in the middle of EAP rounds whose state stayed in the old process. */
    private boolean eapInterrupted;
    IkeIdentity localId;
    IkeIdentity remoteId;
    State state = State.CONNECTING;
    /**
     * The CHILD SAs, an immutable list that each change replaces. A list of the usual one CHILD SA
     * costs 24 bytes, half of an ArrayList with its array; CHILD SAs change seldom.
     */
    List<ChildSa> children = List.of();

    final long createdAtMillis;
    long establishedAtMillis;
    private long lastInboundMillis;

    private long expectedRequestId;
    private long lastResponseId = -1;
    private byte[] lastResponse;

    private long nextRequestId;
    private PendingRequest pending;
    /**
     * Our requests waiting for their turn, null while there are none: most IKE SAs never queue one,
     * and an empty ArrayDeque costs about 56 bytes. Read it through {@link #queued()}.
     */
    private Deque<OwnRequest> queued;

    /** The rekey bookkeeping, created on first use: see {@link #rekeys()}. */
    private RekeyState rekey;
    private boolean ikeRekeyBusy;
    private long ikeRekeyAtMillis = Long.MAX_VALUE;
    private long ikeExpireAtMillis = Long.MAX_VALUE;

    /** The tunnel's IKE traffic so far, this IKE SA's own plus what its predecessors carried over. */
    private IkeTraffic traffic = IkeTraffic.NONE;
    /** True from a responder's IKE_SA_INIT until the handshake completes or fails, so it is counted once. */
    private boolean handshakePending;
    /** When the peer's request being handled arrived, on the events clock. */
    private long requestArrivedNanos;

    /** The IKE_AUTH response that waits for the owner's lease reply, or null. */
    private IkeAuthResponder.PendingAuth pendingAuth;
    /**
     * The virtual IP addresses leased to the peer (RFC 7296 §2.19), kept across rekeys and
     * hand-offs. It is the shared empty list until the first lease, because most IKE SAs have none.
     */
    private List<Lease> leases = List.of();
    /** The IKE SA id that the lease request named, which releasing the leases names again. */
    private String leaseOwner;

    /**
     * Creates an IKE SA. Its SK payload ciphers come from {@code keys}, which keeps their AEAD IV
     * counters, so an IKE SA whose IKE_AUTH used the same keys carries on with those counters and
     * IVs never repeat under one key.
     */
    IkeSa(IkeSettings settings, IkeSaListener listener, SpiSource spis, boolean originalInitiator,
          long spiI, long spiR, SelectedProposal proposal, IkeKeyMaterial keys, byte[] nonceI, byte[] nonceR,
          InetSocketAddress local, InetSocketAddress remote, boolean natDetected, long nowMillis) {
        this.settings = settings;
        this.listener = listener;
        this.events = listener.events();
        this.spis = spis;
        this.originalInitiator = originalInitiator;
        this.spiI = spiI;
        this.spiR = spiR;
        this.proposal = proposal.withoutPeerSpi();
        this.keys = keys;
        this.nonceI = nonceI;
        this.nonceR = nonceR;
        this.local = local;
        setRemote(remote);
        this.natDetected = natDetected;
        this.createdAtMillis = nowMillis;
        this.lastInboundMillis = nowMillis;
    }

    /** Records our IKE_SA_INIT response as the response to message ID 0, for retransmitted requests. */
    void answeredInit(byte[] request, byte[] response) {
        this.initRequest = request;
        this.initResponse = response;
        this.lastResponse = response;
        this.lastResponseId = 0;
        this.expectedRequestId = 1;
        this.nextRequestId = originalInitiator ? 2 : 0;
        this.handshakePending = !originalInitiator;
        countReceived(request.length);
        countSent(response.length);
    }

    /** Adds what the IKE_SA_INIT and IKE_AUTH of our own initiation sent and received before this IKE SA existed. */
    void carryTraffic(IkeTraffic before) {
        traffic = traffic.plus(before);
    }

    /** Starts the IKE SA we initiated, once IKE_AUTH completed with message ID 1. */
    void startAsInitiator(ConnectionConfig connection, IkeIdentity localId, IkeIdentity remoteId, long nowMillis) {
        this.connection = connection;
        this.localId = localId;
        this.remoteId = remoteId;
        this.expectedRequestId = 0;
        this.nextRequestId = 2;
    }

    /** Starts a successor of an IKE SA rekey, whose message IDs start at 0 again (§2.18). */
    void startAfterRekey(ConnectionConfig connection, IkeIdentity localId, IkeIdentity remoteId, long nowMillis) {
        this.connection = connection;
        this.localId = localId;
        this.remoteId = remoteId;
        this.state = State.ESTABLISHED;
        this.establishedAtMillis = nowMillis;
        this.expectedRequestId = 0;
        this.nextRequestId = 0;
        this.nonceI = null;
        this.nonceR = null;
        keys.dropAuthenticationKeys();
        scheduleIkeLifetime(nowMillis);
        logKeys();
    }

    /** Sets when we rekey the IKE SA (rekey_time less up to rand_time) and when it expires (plus over_time). */
    private void scheduleIkeLifetime(long nowMillis) {
        if (connection == null || connection.rekeyTime().isZero()) {
            return;
        }
        ikeRekeyAtMillis = jittered(nowMillis, connection.rekeyTime(), connection.randTime());
        ikeExpireAtMillis = nowMillis + connection.rekeyTime().toMillis() + connection.overTime().toMillis();
    }

    // ------------------------------------------------------------------ inbound messages

    /**
     * Handles one datagram whose header names this IKE SA. Malformed, unauthenticated and
     * out-of-window messages are dropped (RFC 7296 §2.21).
     */
    public void receive(byte[] datagram, IkeHeader header, InetSocketAddress from, InetSocketAddress to,
                        long nowMillis) {
        if (state == State.CLOSED) {
            return;
        }
        countReceived(datagram.length);
        if (header.isInitiator() == originalInitiator) {
            LOG.debug("{} dropped {}: the Initiator flag names the wrong side", this, ExchangeType.name(header.exchangeType()));
            return;
        }

        IkeMessage outer;
        try {
            outer = IkeCodec.decode(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            LOG.debug("{} dropped a malformed message: {}", this, e.getMessage());
            return;
        }

        if (header.isResponse()) {
            receiveResponse(datagram, outer, nowMillis);
        } else {
            receiveRequest(datagram, outer, from, to, nowMillis);
        }
    }

    private void receiveRequest(byte[] datagram, IkeMessage outer, InetSocketAddress from, InetSocketAddress to,
                                long nowMillis) {
        IkeHeader header = outer.header();
        long messageId = header.messageId();

        if (messageId == lastResponseId && lastResponse != null) {
            LOG.debug("{} retransmitted {} request {}, sending the cached response", this,
                    ExchangeType.name(header.exchangeType()), messageId);
            send(lastResponse, to, from);
            return;
        }
        if (messageId != expectedRequestId) {
            LOG.debug("{} dropped {} request with message ID {}, expected {}", this,
                    ExchangeType.name(header.exchangeType()), messageId, expectedRequestId);
            return;
        }
        if (pendingAuth != null) {
            LOG.debug("{} dropped retransmitted {} request {}: its virtual IP addresses are being leased", this,
                    ExchangeType.name(header.exchangeType()), messageId);
            events.retransmissionDropped(header.exchangeType());
            return;
        }

        List<Payload> inner = openProtected(datagram, outer);
        if (inner == null) {
            return;
        }

        lastInboundMillis = nowMillis;
        local = to;
        setRemote(from);
        requestArrivedNanos = events.nanoTime();

        IkeMessage request = new IkeMessage(header, inner);
        switch (header.exchangeType()) {
            case ExchangeType.IKE_AUTH -> {
                if (state != State.CONNECTING) {
                    LOG.debug("{} dropped IKE_AUTH in state {}", this, state);
                    return;
                }
                if (eapRound != null) {
                    eapRound.receive(this, request, nowMillis);
                } else if (eapInterrupted) {
                    EapRound.interrupted(this, request);
                } else {
                    IkeAuthResponder.respond(this, request, nowMillis);
                }
            }
            case ExchangeType.CREATE_CHILD_SA -> CreateChildSaResponder.respond(this, request, nowMillis);
            case ExchangeType.INFORMATIONAL -> {
                if (eapRound != null) {
                    eapRound.peerEnded(this, request);
                } else {
                    InformationalResponder.respond(this, request, nowMillis);
                }
            }
            default -> LOG.debug("{} dropped a request of unknown exchange type {}", this, header.exchangeType());
        }
    }

    private List<Payload> openProtected(byte[] datagram, IkeMessage outer) {
        Encrypted sk = outer.first(Encrypted.class).orElse(null);
        if (sk == null) {
            // TODO(fragmentation): RFC 7383 reassembly is not implemented. We never send
            // IKEV2_FRAGMENTATION_SUPPORTED, so peers do not fragment; an SKF message is dropped here.
            LOG.debug("{} dropped unprotected {}", this, ExchangeType.name(outer.header().exchangeType()));
            return null;
        }
        try {
            return SkMessages.open(datagram, sk, peerCipher());
        } catch (IntegrityCheckFailedException e) {
            LOG.debug("{} dropped {}: integrity check failed", this, ExchangeType.name(outer.header().exchangeType()));
            return null;
        } catch (MalformedMessageException e) {
            LOG.debug("{} dropped {}: malformed protected payloads: {}", this,
                    ExchangeType.name(outer.header().exchangeType()), e.getMessage());
            return null;
        }
    }

    private void receiveResponse(byte[] datagram, IkeMessage outer, long nowMillis) {
        if (pending == null || outer.header().messageId() != pending.messageId()) {
            LOG.debug("{} dropped an unexpected response {}", this, outer.header().messageId());
            return;
        }
        List<Payload> inner = openProtected(datagram, outer);
        if (inner == null) {
            return;
        }
        lastInboundMillis = nowMillis;

        OwnRequest request = pending.request();
        if (!(request instanceof ReplayedRequest)) {
            events.exchangeCompleted(request.exchangeType(), IkeEvents.Requester.OURS,
                    events.nanoTime() - pending.sentNanos());
        }
        pending = null;
        request.complete(this, new IkeMessage(outer.header(), inner), nowMillis);
        sendNextRequest(nowMillis);
    }

    // ------------------------------------------------------------------ virtual IP addresses

    /** Keeps the IKE_AUTH response pending and requests the peer's addresses from the listener. */
    void awaitAddresses(IkeAuthResponder.PendingAuth pending, List<String> pools) {
        pendingAuth = pending;
        leaseOwner = HexFormat.of().toHexDigits(ourSpi());
        listener.addressesRequested(this, pending.addresses().toLeaseRequest(leaseOwner, String.valueOf(remoteId),
                pools));
    }

    /**
     * Completes the IKE_AUTH exchange that waits for virtual IP addresses (RFC 7296 §2.19) with the
     * owner's reply to {@link IkeSaListener#addressesRequested}. Returns false, and keeps none of
     * the leases, when no IKE_AUTH waits any more because the IKE SA was closed meanwhile. The
     * caller then releases them.
     */
    public boolean addressesLeased(LeaseAnswer answer, long nowMillis) {
        if (pendingAuth == null || state != State.CONNECTING) {
            return false;
        }

        IkeAuthResponder.PendingAuth pending = pendingAuth;
        pendingAuth = null;
        IkeAuthResponder.addressesLeased(this, pending, answer, nowMillis);
        return true;
    }

    void holdLeases(List<Lease> leased) {
        if (leased.isEmpty()) {
            return;
        }
        if (leases.isEmpty()) {
            leases = new ArrayList<>(leased.size());
        }
        leases.addAll(leased);
    }

    /** Returns the virtual IP addresses leased to the peer, empty when it has none. */
    public List<Lease> leases() {
        return Collections.unmodifiableList(leases);
    }

    /** Returns the IKE SA id the leases were requested under, or null when none was requested. */
    public String leaseOwner() {
        return leaseOwner;
    }

    // ------------------------------------------------------------------ outbound messages

    /** Sends our response to the request being handled and keeps it for retransmitted requests. */
    void respond(IkeHeader request, List<Payload> payloads) {
        int flags = IkeHeader.FLAG_RESPONSE | (originalInitiator ? IkeHeader.FLAG_INITIATOR : 0);
        IkeHeader header = new IkeHeader(spiI, spiR, 0, 2, 0, request.exchangeType(), flags, request.messageId(), 0);
        byte[] datagram = SkMessages.protect(header, payloads, ownCipher());

        lastResponse = datagram;
        lastResponseId = request.messageId();
        expectedRequestId = request.messageId() + 1;
        send(datagram, local, remote());
        events.exchangeCompleted(request.exchangeType(), IkeEvents.Requester.THEIRS,
                events.nanoTime() - requestArrivedNanos);
    }

    /** Queues one of our requests; it goes out when the ones before it have their responses. */
    void enqueue(OwnRequest request, long nowMillis) {
        if (state == State.CLOSED) {
            return;
        }
        queue().add(request);
        sendNextRequest(nowMillis);
    }

    /** Queues a request ahead of the others, for a retry that must not wait. */
    void enqueueFirst(OwnRequest request, long nowMillis) {
        if (state == State.CLOSED) {
            return;
        }
        queue().addFirst(request);
        sendNextRequest(nowMillis);
    }

    /** Queues a request on an IKE SA that already handed its CHILD SAs to a successor. */
    void enqueueAfterHandOver(OwnRequest request, long nowMillis) {
        queued = null;
        enqueue(request, nowMillis);
    }

    private void sendNextRequest(long nowMillis) {
        while (pending == null && !queued().isEmpty() && state != State.CLOSED) {
            OwnRequest request = queued.poll();
            List<Payload> payloads = request.build(this, nowMillis);
            if (payloads == null) {
                continue;
            }

            int flags = originalInitiator ? IkeHeader.FLAG_INITIATOR : 0;
            IkeHeader header = new IkeHeader(spiI, spiR, 0, 2, 0, request.exchangeType(), flags, nextRequestId, 0);
            byte[] datagram = SkMessages.protect(header, payloads, ownCipher());
            pending = new PendingRequest(nextRequestId, request, datagram, 0, nowMillis + retransmitDelay(0),
                    events.nanoTime());
            nextRequestId++;

            LOG.debug("{} sending {} request {} ({})", this, ExchangeType.name(request.exchangeType()),
                    pending.messageId(), request);
            send(datagram, local, remote());
        }
    }

    /** Hands one datagram to the listener and counts it as sent. */
    private void send(byte[] datagram, InetSocketAddress from, InetSocketAddress to) {
        countSent(datagram.length);
        listener.send(datagram, from, to);
    }

    private void countSent(int length) {
        traffic = traffic.sent(length);
        if (rekey != null && rekey.trafficHeir != null) {
            rekey.trafficHeir.countSent(length);
        }
    }

    private void countReceived(int length) {
        traffic = traffic.received(length);
        if (rekey != null && rekey.trafficHeir != null) {
            rekey.trafficHeir.countReceived(length);
        }
    }

    private long retransmitDelay(int retransmits) {
        double seconds = settings.retransmitTimeout().toMillis() * Math.pow(settings.retransmitBase(), retransmits);
        return (long) seconds;
    }

    // ------------------------------------------------------------------ operator and timer actions

    /** Deletes this IKE SA and its CHILD SAs with an INFORMATIONAL exchange (§1.4.1). */
    public void terminate(long nowMillis) {
        if (state == State.CLOSED || state == State.DELETING) {
            return;
        }
        if (state == State.CONNECTING) {
            close("terminated before IKE_AUTH completed");
            return;
        }
        LOG.debug("{} deleting IKE SA", this);
        abandonQueued();
        state = State.DELETING;
        if (pending != null && pending.request() instanceof InformationalInitiator.LivenessCheck) {
            pending = null;
        }
        enqueue(new InformationalInitiator.DeleteIkeSa("deleted by us"), nowMillis);
    }

    /**
     * Starts a rekey of the CHILD SA whose inbound or outbound SPI is {@code spi} now, as the end
     * of its lifetime would (§1.3.3, §2.8). {@code whenDone} receives the outcome once, possibly
     * before this method returns. Not thread-safe, like every other call on this IKE SA.
     */
    public void rekeyChild(int spi, long nowMillis, Consumer<RekeyOutcome> whenDone) {
        RekeyOutcome.Once once = new RekeyOutcome.Once(whenDone);
        ChildSa child = children.stream().filter(c -> c.inboundSpi() == spi || c.outboundSpi() == spi)
                .findFirst().orElse(null);
        if (child == null) {
            once.accept(new RekeyOutcome.Failed(this + " has no CHILD SA with SPI " + hex(spi)));
            return;
        }
        if (state != State.ESTABLISHED) {
            once.accept(new RekeyOutcome.Failed(this + " is " + state + ", not ESTABLISHED"));
            return;
        }
        if (hasPeerRekey(child) || !markBusy(child)) {
            once.accept(new RekeyOutcome.Failed("a rekey or delete of CHILD SA " + hex(child.inboundSpi())
                    + " is already in progress"));
            return;
        }

        forgetRekeyRetry(child);
        LOG.info("{} rekeying CHILD SA {} {} on request", this, child.name(), hex(child.inboundSpi()));
        enqueue(new CreateChildSaInitiator.RekeyChildSa(child, once), nowMillis);
    }

    /**
     * Starts a rekey of this IKE SA now, as the end of its lifetime would (§1.3.2, §2.18).
     * {@code whenDone} receives the outcome once, possibly before this method returns.
     */
    public void rekeyIke(long nowMillis, Consumer<RekeyOutcome> whenDone) {
        RekeyOutcome.Once once = new RekeyOutcome.Once(whenDone);
        if (state != State.ESTABLISHED) {
            once.accept(new RekeyOutcome.Failed(this + " is " + state + ", not ESTABLISHED"));
            return;
        }
        if (ikeRekeyBusy) {
            once.accept(new RekeyOutcome.Failed("a rekey of " + this + " is already in progress"));
            return;
        }

        ikeRekeyBusy = true;
        LOG.info("{} rekeying the IKE SA on request", this);
        enqueue(new CreateChildSaInitiator.RekeyIkeSa(proposal.keGroup(), once), nowMillis);
    }

    /** Runs what is due: retransmissions, the liveness check, the half-open timeout. */
    public void onTimer(long nowMillis) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.CONNECTING && nowMillis >= createdAtMillis + settings.halfOpenTimeout().toMillis()) {
            // Spoofed IKE_SA_INIT requests make half-open IKE SAs without end, so these lines are limited.
            long heldBack = HALF_OPEN_LOG.permit(HALF_OPEN_TIMEOUT, nowMillis);
            if (heldBack >= 0) {
                LOG.info("{} IKE_AUTH did not arrive within {}, deleting the half-open IKE SA{}", this,
                        settings.halfOpenTimeout(),
                        heldBack > 0 ? " (" + heldBack + " more such deletions in the last 10 s were not logged)" : "");
            }
            close(HALF_OPEN_TIMEOUT);
            return;
        }

        if (pending != null && nowMillis >= pending.retransmitAtMillis()) {
            retransmit(nowMillis);
            return;
        }
        if (pending == null && !queued().isEmpty()) {
            // Only a restored IKE SA has requests queued with none outstanding.
            sendNextRequest(nowMillis);
        }

        if (state == State.REKEYED && pending == null && queued().isEmpty()
                && nowMillis >= rekeyedAtMillis() + REKEYED_LINGER_MILLIS) {
            close("replaced by a rekey; the peer did not delete it");
            return;
        }
        if (state != State.ESTABLISHED) {
            return;
        }

        if (nowMillis >= ikeExpireAtMillis) {
            LOG.info("{} IKE SA lifetime expired before a rekey completed", this);
            terminate(nowMillis);
            return;
        }
        if (!ikeRekeyBusy && nowMillis >= ikeRekeyAtMillis) {
            ikeRekeyBusy = true;
            enqueue(new CreateChildSaInitiator.RekeyIkeSa(proposal.keGroup()), nowMillis);
        }
        checkChildLifetimes(nowMillis);

        long dpdDelay = dpdDelayMillis();
        if (dpdDelay > 0 && pending == null && queued().isEmpty() && nowMillis >= lastInboundMillis + dpdDelay) {
            enqueue(new InformationalInitiator.LivenessCheck(), nowMillis);
        }
    }

    private void checkChildLifetimes(long nowMillis) {
        for (ChildSa child : List.copyOf(children)) {
            if (nowMillis >= child.expireAtMillis()) {
                if (markBusy(child)) {
                    LOG.info("{} CHILD SA {} {} lifetime expired", this, child.name(), hex(child.inboundSpi()));
                    enqueue(new InformationalInitiator.DeleteChildSa(child, "lifetime expired"), nowMillis);
                }
            } else if (nowMillis >= childRekeyAt(child) && !hasPeerRekey(child) && markBusy(child)) {
                forgetRekeyRetry(child);
                enqueue(new CreateChildSaInitiator.RekeyChildSa(child), nowMillis);
            }
        }
    }

    private long childRekeyAt(ChildSa child) {
        return rekey == null || rekey.childRekeyRetryAt == null ? child.rekeyAtMillis()
                : rekey.childRekeyRetryAt.getOrDefault(child.inboundSpi(), child.rekeyAtMillis());
    }

    private void forgetRekeyRetry(ChildSa child) {
        if (rekey != null && rekey.childRekeyRetryAt != null) {
            rekey.childRekeyRetryAt.remove(child.inboundSpi());
        }
    }

    void markChildBusy(ChildSa child) {
        markBusy(child);
    }

    /** Marks a CHILD SA as having a rekey or delete of ours; returns false if it already had one. */
    private boolean markBusy(ChildSa child) {
        return rekeys().busyChildren().add(child.inboundSpi());
    }

    private boolean isBusy(ChildSa child) {
        return rekey != null && rekey.busyChildren != null && rekey.busyChildren.contains(child.inboundSpi());
    }

    private void clearBusy(ChildSa child) {
        if (rekey != null && rekey.busyChildren != null) {
            rekey.busyChildren.remove(child.inboundSpi());
        }
    }

    /** Keeps the peer's rekey of a CHILD SA until our own rekey of it settles the collision (§2.8.1). */
    void putPeerRekey(ChildSa child, PeerRekey peerRekey) {
        rekeys().peerRekeys().put(child.inboundSpi(), peerRekey);
    }

    /** Removes and returns the peer's rekey of a CHILD SA, or null when the peer started none. */
    PeerRekey takePeerRekey(ChildSa child) {
        return rekey == null || rekey.peerRekeys == null ? null : rekey.peerRekeys.remove(child.inboundSpi());
    }

    private boolean hasPeerRekey(ChildSa child) {
        return rekey != null && rekey.peerRekeys != null && rekey.peerRekeys.containsKey(child.inboundSpi());
    }

    /** Tells whether we have a delete of this CHILD SA queued or outstanding. */
    boolean isDeleting(ChildSa child) {
        if (pending != null && pending.request() instanceof InformationalInitiator.DeleteChildSa delete
                && delete.child().equals(child)) {
            return true;
        }
        return queued().stream().anyMatch(r -> r instanceof InformationalInitiator.DeleteChildSa delete
                && delete.child().equals(child));
    }

    /** Tells whether a rekey of ours for this CHILD SA is queued or outstanding. */
    boolean isRekeying(ChildSa child) {
        return isBusy(child) && !isDeleting(child);
    }

    /** Ends our rekey or delete of a CHILD SA, so its lifetimes apply again. */
    void childSettled(ChildSa child) {
        clearBusy(child);
    }

    void retryChildRekeyLater(ChildSa child, long nowMillis) {
        clearBusy(child);
        rekeys().childRekeyRetryAt().put(child.inboundSpi(), nowMillis + REKEY_RETRY_MIN_MILLIS
                + ThreadLocalRandom.current().nextLong(REKEY_RETRY_JITTER_MILLIS));
    }

    /** Ends our IKE SA rekey; {@code retry} schedules another try a few seconds later. */
    void ikeRekeySettled(long nowMillis, boolean retry) {
        ikeRekeyBusy = false;
        if (retry) {
            ikeRekeyAtMillis = nowMillis + REKEY_RETRY_MIN_MILLIS
                    + ThreadLocalRandom.current().nextLong(REKEY_RETRY_JITTER_MILLIS);
        }
    }

    private void abandonQueued() {
        for (OwnRequest request : queued()) {
            request.abandon(this);
        }
        queued = null;
    }

    private void retransmit(long nowMillis) {
        int retransmits = pending.retransmits() + 1;
        if (retransmits > settings.retransmitTries()) {
            LOG.info("{} peer did not answer {} after {} retransmissions, deleting the IKE SA", this,
                    pending.request(), settings.retransmitTries());
            close("peer unreachable");
            return;
        }
        LOG.debug("{} retransmitting request {} ({}), try {}", this, pending.messageId(), pending.request(), retransmits);
        pending = new PendingRequest(pending.messageId(), pending.request(), pending.datagram(), retransmits,
                nowMillis + retransmitDelay(retransmits), pending.sentNanos());
        send(pending.datagram(), local, remote());
        events.retransmitted(pending.request().exchangeType());
    }

    private long dpdDelayMillis() {
        return connection == null ? 0 : connection.dpdDelay().toMillis();
    }

    /** Returns when {@link #onTimer} must run next, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        if (state == State.CLOSED) {
            return Long.MAX_VALUE;
        }
        long deadline = Long.MAX_VALUE;
        if (state == State.CONNECTING) {
            deadline = createdAtMillis + settings.halfOpenTimeout().toMillis();
        }
        if (pending != null) {
            deadline = Math.min(deadline, pending.retransmitAtMillis());
        } else if (!queued().isEmpty()) {
            deadline = Long.MIN_VALUE;
        } else if (state == State.ESTABLISHED && dpdDelayMillis() > 0) {
            deadline = Math.min(deadline, lastInboundMillis + dpdDelayMillis());
        }
        if (state == State.REKEYED) {
            deadline = Math.min(deadline, rekeyedAtMillis() + REKEYED_LINGER_MILLIS);
        }
        if (state == State.ESTABLISHED) {
            deadline = Math.min(deadline, ikeExpireAtMillis);
            if (!ikeRekeyBusy) {
                deadline = Math.min(deadline, ikeRekeyAtMillis);
            }
            for (ChildSa child : children) {
                if (!isBusy(child)) {
                    deadline = Math.min(deadline, Math.min(childRekeyAt(child), child.expireAtMillis()));
                }
            }
        }
        return deadline;
    }

    // ------------------------------------------------------------------ life cycle

    void established(long nowMillis) {
        state = State.ESTABLISHED;
        establishedAtMillis = nowMillis;
        scheduleIkeLifetime(nowMillis);
        initRequest = null;
        initResponse = null;
        nonceI = null;
        nonceR = null;
        keys.dropAuthenticationKeys();
        LOG.info("{} IKE SA established with {} ({}), {}", this, remoteId, remote(), proposal.describe());
        logKeys();
        if (handshakePending) {
            handshakePending = false;
            events.handshakeCompleted(role());
        }
        listener.established(this);
    }

    void addChild(ChildSa child) {
        List<ChildSa> added = new ArrayList<>(children.size() + 1);
        added.addAll(children);
        added.add(child);
        children = List.copyOf(added);
        LOG.info("{} CHILD SA {} established, SPIs {} in / {} out, {}, {} === {}", this, child.name(),
                hex(child.inboundSpi()), hex(child.outboundSpi()), child.proposal(),
                SelectorText.describe(child.localTs()), SelectorText.describe(child.remoteTs()));
        if (listener.logKeys()) {
            HexFormat hex = HexFormat.of();
            KEY_LOG.info("{} CHILD SA {} keys: in SPI {} encryption {} integrity {}, out SPI {} encryption {} integrity {}",
                    this, child.name(), hex(child.inboundSpi()), hex.formatHex(child.encryptionKeyIn()),
                    hex.formatHex(child.integrityKeyIn()), hex(child.outboundSpi()),
                    hex.formatHex(child.encryptionKeyOut()), hex.formatHex(child.integrityKeyOut()));
        }
        listener.childSaInstalled(this, child);
    }

    /** Logs the SK_e and SK_a keys as a line of Wireshark's IKEv2 decryption table, when key logging is on. */
    private void logKeys() {
        if (listener.logKeys()) {
            KEY_LOG.info("{} IKE SA keys for Wireshark's ikev2_decryption_table: {}", this, keys.keyLogLines(spiI, spiR));
        }
    }

    void removeChild(ChildSa child, String reason) {
        removeChild(child, reason, false);
    }

    /** Removes a CHILD SA; {@code withIkeSa} logs it at DEBUG, because the IKE SA's close line follows. */
    private void removeChild(ChildSa child, String reason, boolean withIkeSa) {
        takePeerRekey(child);
        forgetRekeyRetry(child);
        if (children.contains(child)) {
            List<ChildSa> remaining = new ArrayList<>(children);
            remaining.remove(child);
            children = List.copyOf(remaining);
            if (withIkeSa) {
                LOG.debug("{} CHILD SA {} with SPIs {} in / {} out deleted: {}", this, child.name(),
                        hex(child.inboundSpi()), hex(child.outboundSpi()), reason);
            } else {
                LOG.info("{} CHILD SA {} with SPIs {} in / {} out deleted: {}", this, child.name(),
                        hex(child.inboundSpi()), hex(child.outboundSpi()), reason);
            }
            listener.childSaRemoved(this, child);
        }
    }

    /** Hands the CHILD SAs to the successor of an IKE SA rekey; this IKE SA then waits for its DELETE. */
    void handOver(IkeSa successor, long nowMillis) {
        List<ChildSa> handedOver = new ArrayList<>(successor.children);
        handedOver.addAll(children);
        successor.children = List.copyOf(handedOver);
        successor.traffic = successor.traffic.plus(traffic);
        successor.holdLeases(leases);
        successor.leaseOwner = leaseOwner;
        leases = List.of();
        rekeys().trafficHeir = successor;
        children = List.of();
        abandonQueued();
        // An IKE SA rekey of ours stays outstanding, because its response settles the collision (§2.8.2).
        if (pending != null && !(pending.request() instanceof InformationalInitiator.DeleteIkeSa)
                && !(pending.request() instanceof CreateChildSaInitiator.RekeyIkeSa)) {
            pending.request().abandon(this);
            pending = null;
        }
        rekey.busyChildren = null;
        state = State.REKEYED;
        rekey.rekeyedAtMillis = nowMillis;
        LOG.info("{} IKE SA rekeyed, successor {}", this, successor);
        listener.rekeyed(this, successor);
    }

    /**
     * Continues the EAP rounds of IKE_AUTH with the step that a pass-through EAP backend decided,
     * after the method returned {@link org.ikec.protocol.eap.EapStep.Pending}. The IKE SA drops the
     * peer's retransmissions while it waits. A step that arrives after the IKE SA closed, or for no
     * waiting request, is dropped.
     */
    public void continueEap(org.ikec.protocol.eap.EapStep decided) {
        if (state == State.CLOSED || eapRound == null) {
            LOG.debug("{} dropped an EAP backend step in state {}", this, state);
            return;
        }
        eapRound.resume(this, decided);
    }

    /** Counts the responder's handshake as failed; a later {@link #close} does not count it again. */
    void handshakeFailed(HandshakeFailure reason) {
        if (handshakePending) {
            handshakePending = false;
            events.handshakeFailed(role(), reason);
        }
    }

    void close(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        handshakeFailed(reason.equals(HALF_OPEN_TIMEOUT) ? HandshakeFailure.TIMEOUT : HandshakeFailure.TERMINATED);
        int childCount = children.size();
        for (ChildSa child : List.copyOf(children)) {
            removeChild(child, reason, true);
        }
        boolean wasHalfOpen = state == State.CONNECTING;
        state = State.CLOSED;
        pendingAuth = null;
        if (pending != null) {
            pending.request().abandon(this);
        }
        pending = null;
        abandonQueued();
        keys.destroy();
        if (wasHalfOpen) {
            // The failed IKE_AUTH or the half-open timeout was logged already.
            LOG.debug("{} IKE SA closed: {}", this, reason);
        } else {
            LOG.info("{} IKE SA closed: {} ({} CHILD SAs deleted with it)", this, reason, childCount);
        }
        if (!leases.isEmpty()) {
            List<Lease> released = List.copyOf(leases);
            leases = List.of();
            listener.addressesReleased(this, leaseOwner, released);
        }
        listener.closed(this, reason);
    }

    // ------------------------------------------------------------------ hand-off to another process

    /**
     * Exports what another process needs to continue this IKE SA with {@link #restore}. This SA
     * itself is left as it is; the caller stops using it.
     *
     * <p>NOTE: requests of ours that are queued are dropped, and so is the state of a rekey
     * collision (§2.8.1-2.8.2); the timers of the restored SA start a lost rekey, delete or liveness
     * check again. The outstanding request, if any, is kept as its sent datagram (see
     * {@link ReplayedRequest}). Requests of the peer need nothing: the peer retransmits them.
     * Leased virtual IP addresses go with the state.
     *
     * <p>NOTE: an IKE_AUTH that waits for its lease reply is not exported; the peer's retransmission
     * asks again, and the answer to the first request, if it leased anything, is not released.
     *
     * @throws IllegalStateException if the SA is closed
     */
    public IkeSaState exportState() {
        if (state == State.CLOSED) {
            throw new IllegalStateException(this + " is closed; there is nothing to export");
        }

        IkeSaState.OutstandingRequest outstanding = null;
        if (pending != null) {
            boolean deletesIkeSa = pending.request() instanceof InformationalInitiator.DeleteIkeSa
                    || pending.request() instanceof ReplayedRequest replayed && replayed.deletesIkeSa();
            outstanding = new IkeSaState.OutstandingRequest(pending.messageId(), pending.request().exchangeType(),
                    pending.datagram(), deletesIkeSa);
        }
        List<IkeSaState.Child> childStates = children.stream().map(IkeSaState.Child::of).toList();

        return new IkeSaState(originalInitiator, spiI, spiR, proposal, keys.export(), nonceI, nonceR, initRequest,
                initResponse, local, remote(), natDetected, connection == null ? null : connection.name(), localId,
                remoteId, state, createdAtMillis, establishedAtMillis, lastInboundMillis, expectedRequestId,
                nextRequestId, lastResponseId, lastResponse, outstanding, ikeRekeyAtMillis, ikeExpireAtMillis,
                rekeyedAtMillis(), traffic, childStates, leases, leaseOwner, eapRound != null || eapInterrupted,
                peerSignatureKey);
    }

    /**
     * Rebuilds an IKE SA from {@link #exportState()}, with fresh SK payload ciphers. The connection
     * and CHILD SA templates are looked up by name in {@code settings}. Nothing is sent and the
     * listener hears nothing until the first {@link #receive} or {@link #onTimer}; an outstanding
     * request is due for retransmission at once.
     *
     * @throws IllegalArgumentException if the connection or a CHILD SA template is no longer
     *     configured, or the key material does not fit the proposal
     */
    public static IkeSa restore(IkeSaState saved, IkeSettings settings, IkeSaListener listener, SpiSource spis) {
        ConnectionConfig connection = null;
        if (saved.connectionName() != null) {
            connection = settings.connections().stream().filter(c -> c.name().equals(saved.connectionName()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("cannot restore IKE SA "
                            + saved + ": connection '" + saved.connectionName() + "' is not configured"));
        }
        List<ChildSa> restoredChildren = new ArrayList<>();
        for (IkeSaState.Child child : saved.children()) {
            restoredChildren.add(child.toChildSa(childConfig(saved, connection, child.configName())));
        }
        IkeKeyMaterial keys = IkeKeyMaterial.restore(saved.keys());

        IkeSa sa = new IkeSa(settings, listener, spis, saved.originalInitiator(), saved.spiI(), saved.spiR(),
                saved.proposal(), keys, saved.nonceI(), saved.nonceR(), saved.local(), saved.remote(),
                saved.natDetected(), saved.createdAtMillis());
        sa.initRequest = saved.initRequest();
        sa.initResponse = saved.initResponse();
        sa.connection = connection;
        sa.localId = saved.localId();
        sa.remoteId = saved.remoteId();
        sa.state = saved.state();
        sa.children = List.copyOf(restoredChildren);
        sa.establishedAtMillis = saved.establishedAtMillis();
        sa.lastInboundMillis = saved.lastInboundMillis();
        sa.expectedRequestId = saved.expectedRequestId();
        sa.nextRequestId = saved.nextRequestId();
        sa.lastResponseId = saved.lastResponseId();
        sa.lastResponse = saved.lastResponse();
        sa.ikeRekeyAtMillis = saved.ikeRekeyAtMillis();
        sa.ikeExpireAtMillis = saved.ikeExpireAtMillis();
        if (saved.rekeyedAtMillis() != 0) {
            sa.rekeys().rekeyedAtMillis = saved.rekeyedAtMillis();
        }
        sa.traffic = saved.traffic();
        sa.holdLeases(saved.leases());
        sa.leaseOwner = saved.leaseOwner();
        sa.eapInterrupted = saved.eapInterrupted() && sa.state == State.CONNECTING;
        sa.peerSignatureKey = saved.peerSignatureKey();
        sa.handshakePending = sa.state == State.CONNECTING && !sa.originalInitiator;
        if (sa.state != State.CONNECTING) {
            keys.dropAuthenticationKeys();
        }

        IkeSaState.OutstandingRequest outstanding = saved.outstanding();
        if (outstanding != null) {
            sa.pending = new PendingRequest(outstanding.messageId(),
                    new ReplayedRequest(outstanding.exchangeType(), outstanding.deletesIkeSa()),
                    outstanding.datagram(), 0, 0, sa.events.nanoTime());
        }
        if (sa.state == State.DELETING && (outstanding == null || !outstanding.deletesIkeSa())) {
            // The delete was queued behind the outstanding request; it goes out once that is answered.
            sa.queue().add(new InformationalInitiator.DeleteIkeSa("deleted by us"));
        }
        LOG.info("{} IKE SA restored in state {} with {} CHILD SAs", sa, sa.state, sa.children.size());
        return sa;
    }

    private static ChildConfig childConfig(IkeSaState saved, ConnectionConfig connection, String name) {
        if (connection == null) {
            throw new IllegalArgumentException("cannot restore IKE SA " + saved + ": it has CHILD SA '" + name
                    + "' but no connection");
        }
        return connection.children().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("cannot restore IKE SA " + saved + ": CHILD SA '"
                        + name + "' is not configured in connection '" + connection.name() + "'"));
    }

    // ------------------------------------------------------------------ helpers and views

    /** Returns the rekey bookkeeping, created on first use. */
    RekeyState rekeys() {
        if (rekey == null) {
            rekey = new RekeyState();
        }
        return rekey;
    }

    /** Returns the IKE SA rekey the peer started while ours was outstanding, or null. */
    PeerIkeRekey peerIkeRekey() {
        return rekey == null ? null : rekey.peerIkeRekey;
    }

    private long rekeyedAtMillis() {
        return rekey == null ? 0 : rekey.rekeyedAtMillis;
    }

    /** Returns the queue of our requests, created on first use with room for the usual few. */
    private Deque<OwnRequest> queue() {
        if (queued == null) {
            queued = new ArrayDeque<>(2);
        }
        return queued;
    }

    /** Returns the queue of our requests for reading, an empty one that nobody adds to while there are none. */
    private Deque<OwnRequest> queued() {
        return queued == null ? NO_REQUESTS : queued;
    }

    SkCipher ownCipher() {
        return originalInitiator ? keys.initiatorCipher() : keys.responderCipher();
    }

    SkCipher peerCipher() {
        return originalInitiator ? keys.responderCipher() : keys.initiatorCipher();
    }

    /** Returns a CHILD SA lifetime: {@code base} less a random part of {@code jitter}, or never for zero. */
    static long jittered(long nowMillis, java.time.Duration base, java.time.Duration jitter) {
        if (base.isZero()) {
            return Long.MAX_VALUE;
        }
        long jitterMillis = jitter.toMillis() > 0 ? ThreadLocalRandom.current().nextLong(jitter.toMillis()) : 0;
        return nowMillis + Math.max(base.toMillis() - jitterMillis, 1000);
    }

    static Notify errorNotify(int notifyType) {
        return Notify.of(notifyType);
    }

    static String hex(int spi) {
        return HexFormat.of().toHexDigits(spi);
    }

    /** Returns our SPI: the one that routes to this IKE SA. */
    public long ourSpi() {
        return originalInitiator ? spiI : spiR;
    }

    public long spiI() {
        return spiI;
    }

    public long spiR() {
        return spiR;
    }

    public boolean originalInitiator() {
        return originalInitiator;
    }

    IkeEvents.Role role() {
        return originalInitiator ? IkeEvents.Role.INITIATOR : IkeEvents.Role.RESPONDER;
    }

    public State state() {
        return state;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    public InetSocketAddress local() {
        return local;
    }

    public InetSocketAddress remote() {
        return remoteIpv4 == PeerEndpoint.NOT_IPV4 ? remoteOther : PeerEndpoint.unpack(remoteIpv4);
    }

    private void setRemote(InetSocketAddress remote) {
        remoteIpv4 = PeerEndpoint.pack(remote);
        remoteOther = remoteIpv4 == PeerEndpoint.NOT_IPV4 ? remote : null;
    }

    public boolean natDetected() {
        return natDetected;
    }

    public String connectionName() {
        return connection == null ? "" : connection.name();
    }

    public IkeIdentity localId() {
        return localId;
    }

    public IkeIdentity remoteId() {
        return remoteId;
    }

    public String proposalDescription() {
        return proposal.describe();
    }

    public long establishedAtMillis() {
        return establishedAtMillis;
    }

    /** Returns when we start rekeying this IKE SA, {@link Long#MAX_VALUE} for never. */
    public long ikeRekeyAtMillis() {
        return ikeRekeyAtMillis;
    }

    /** Returns when this IKE SA is deleted if no rekey replaced it, {@link Long#MAX_VALUE} for never. */
    public long ikeExpireAtMillis() {
        return ikeExpireAtMillis;
    }

    /** Returns when we start rekeying {@code child}: its rekey time, or a later retry after a failed rekey. */
    public long childRekeyAtMillis(ChildSa child) {
        return childRekeyAt(child);
    }

    /** Returns the IKE traffic of this IKE SA's tunnel so far (see {@link IkeTraffic}). */
    public IkeTraffic traffic() {
        return traffic;
    }

    /** Returns the kind of key the peer signed its AUTH payload with, or null when it did not sign. */
    public SignatureKey peerSignatureKey() {
        return peerSignatureKey;
    }

    /** Returns the configured method the peer authenticates with, or null before IKE_AUTH. */
    public String peerAuthMethod() {
        return connection == null ? null : connection.remote().method();
    }

    /** Returns the configured IKE SA rekey time (rekey_time), or zero when it is never rekeyed. */
    public java.time.Duration ikeLifetime() {
        return connection == null ? java.time.Duration.ZERO : connection.rekeyTime();
    }

    public List<ChildSa> children() {
        return children;
    }

    @Override
    public String toString() {
        return (connection == null ? "" : connection.name()) + "[" + HexFormat.of().toHexDigits(spiI) + "_i "
                + HexFormat.of().toHexDigits(spiR) + "_r"
                + " " + peerHost() + "]";
    }

    private String peerHost() {
        InetSocketAddress remote = remote();
        return remote == null ? "" : remote.getAddress().getHostAddress();
    }

    static boolean isNotify(Payload payload, int notifyType) {
        return payload instanceof Notify notify && notify.notifyType() == notifyType;
    }
}
