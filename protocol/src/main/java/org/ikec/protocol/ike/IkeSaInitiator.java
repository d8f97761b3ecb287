package org.ikec.protocol.ike;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.auth.PublicKeyAuthentication;
import org.ikec.protocol.auth.SignatureHashAlgorithms;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.crypto.Algorithms;
import org.ikec.protocol.crypto.ChildKeys;
import org.ikec.protocol.crypto.IkeKeyMaterial;
import org.ikec.protocol.crypto.IntegrityCheckFailedException;
import org.ikec.protocol.crypto.InvalidKeyExchangeException;
import org.ikec.protocol.crypto.KeyExchanges;
import org.ikec.protocol.crypto.ProposalSpec;
import org.ikec.protocol.crypto.SecureRandoms;
import org.ikec.protocol.crypto.TransformId;
import org.ikec.protocol.wire.Authentication;
import org.ikec.protocol.wire.CertificateRequest;
import org.ikec.protocol.wire.ConfigType;
import org.ikec.protocol.wire.Configuration;
import org.ikec.protocol.wire.Encrypted;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.Identification;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.KeyExchange;
import org.ikec.protocol.wire.MalformedMessageException;
import org.ikec.protocol.wire.Nonce;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.Proposal;
import org.ikec.protocol.wire.ProtocolId;
import org.ikec.protocol.wire.SecurityAssociation;
import org.ikec.protocol.wire.TrafficSelector;
import org.ikec.protocol.wire.TrafficSelectors;
import org.ikec.protocol.wire.Transform;
import org.slf4j.Logger;

/**
 * The initiator's side of IKE_SA_INIT and IKE_AUTH (RFC 7296 §1.2) with a pre-shared key or a
 * certificate (RFC 7427, announcing our signature hashes in IKE_SA_INIT): offer
 * the configured proposals, retry with the group an INVALID_KE_PAYLOAD names (§1.3) or with a
 * COOKIE (§2.6), move to the NAT-T port when a NAT is detected (§2.23), authenticate, and set up
 * the first CHILD SA. On success it hands over to an {@link IkeSa}.
 */
public final class IkeSaInitiator {

    private static final Logger LOG = IkeSa.LOG;
    private static final int NONCE_LENGTH = 32;
    private static final int MAX_INIT_RETRIES = 4;
    private static final int MAX_COOKIE_LENGTH = 64;

    private enum Phase { IKE_SA_INIT, IKE_AUTH, DONE, FAILED }

    private final IkeSettings settings;
    private final ConnectionConfig connection;
    private final ChildConfig child;
    private final IkeSaListener listener;
    private final IkeEvents events;
    private final SpiSource spis;
    private final long spiI;
    private final int natPort;

    private InetSocketAddress local;
    private InetSocketAddress remote;
    private Phase phase = Phase.IKE_SA_INIT;
    private int keGroup;
    private byte[] cookie;
    private int initRetries;
    private org.ikec.protocol.crypto.KeyExchange ourKe;
    private final byte[] nonceI = SecureRandoms.nonce(NONCE_LENGTH);
    private byte[] initRequest;

    private long spiR;
    private SelectedProposal proposal;
    private IkeKeyMaterial keys;
    private byte[] nonceR;
    private byte[] initResponse;
    private boolean natDetected;
    private int childInboundSpi;
    private IkeIdentity localId;
    /** Signature hashes (RFC 7427 §4) and certificate requests (RFC 7296 §3.7) from the IKE_SA_INIT response. */
    private List<Integer> peerHashes = List.of();
    private List<CertificateRequest> peerCertificateRequests = List.of();

    private byte[] lastRequest;
    private int retransmits;
    private long retransmitAtMillis;
    private long requestSentNanos;
    private boolean counted;
    private IkeSa result;
    private HandshakeFailure failure;
    private int refusedWith;
    /** The IKE_SA_INIT and IKE_AUTH datagrams sent and received, retries and retransmissions included. */
    private IkeTraffic traffic = IkeTraffic.NONE;
    /** A CFG_REQUEST sent with IKE_AUTH, or null; and the responder's CFG_REPLY to it. */
    private Configuration configurationRequest;
    private Configuration configurationReply;

    /**
     * @param child the CHILD SA to create with IKE_AUTH, or {@code null} for a childless IKE SA
     * @param natPort our NAT-T port, where IKE moves when a NAT is detected
     */
    public IkeSaInitiator(IkeSettings settings, ConnectionConfig connection, ChildConfig child, IkeSaListener listener,
                          SpiSource spis, long spiI, InetSocketAddress local, InetSocketAddress remote, int natPort) {
        this.settings = settings;
        this.connection = connection;
        this.child = child;
        this.listener = listener;
        this.events = listener.events();
        this.spis = spis;
        this.spiI = spiI;
        this.local = local;
        this.remote = remote;
        this.natPort = natPort;
        this.keGroup = firstGroup(ProposalCache.ike(connection.proposals()));
    }

    private static int firstGroup(List<ProposalSpec> proposals) {
        for (ProposalSpec spec : proposals) {
            for (TransformId transform : spec.transforms()) {
                if (transform.type() == Algorithms.TYPE_KE) {
                    return transform.id();
                }
            }
        }
        throw new IllegalArgumentException("no key exchange group in the IKE proposals");
    }

    // ------------------------------------------------------------------ IKE_SA_INIT

    /**
     * Sends the IKE_SA_INIT request. A retry keeps Ni and, unless the group changed, KEi, and puts
     * the COOKIE received last first (RFC 7296 §2.6, §2.6.1).
     */
    public void start(long nowMillis) {
        if (!counted) {
            counted = true;
            events.handshakeStarted(IkeEvents.Role.INITIATOR);
        }
        if (ourKe == null || ourKe.group() != keGroup) {
            ourKe = KeyExchanges.create(keGroup, settings.dhReuse(), nowMillis);
        }
        List<Payload> payloads = new ArrayList<>();
        if (cookie != null) {
            payloads.add(Notify.of(NotifyType.COOKIE, cookie));
        }
        payloads.add(new SecurityAssociation(offer(ProposalCache.ike(connection.proposals()), ProtocolId.IKE, new byte[0])));
        payloads.add(new KeyExchange(keGroup, ourKe.publicValue()));
        payloads.add(new Nonce(nonceI));
        payloads.addAll(NatDetection.notifies(spiI, 0, local, remote));
        payloads.add(SignatureHashAlgorithms.announcement());

        IkeHeader header = new IkeHeader(spiI, 0, 0, 2, 0, ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_INITIATOR, 0, 0);
        initRequest = IkeCodec.encode(new IkeMessage(header, payloads));
        LOG.debug("{} sending IKE_SA_INIT request to {} with group {}", this, remote, Algorithms.name(Algorithms.TYPE_KE, keGroup, 0));
        sendRequest(initRequest, nowMillis);
    }

    /** Builds our SA payload's proposals from the configured ones, numbered from 1. */
    static List<Proposal> offer(List<ProposalSpec> specs, int protocolId, byte[] spi) {
        List<Proposal> proposals = new ArrayList<>();
        int number = 1;
        for (ProposalSpec spec : specs) {
            List<Transform> transforms = new ArrayList<>();
            for (TransformId id : spec.transforms()) {
                if (protocolId == ProtocolId.ESP && id.type() == Algorithms.TYPE_KE) {
                    continue;
                }
                transforms.add(id.keyBits() > 0 ? Transform.withKeyLength(id.type(), id.id(), id.keyBits())
                        : Transform.of(id.type(), id.id()));
            }
            if (protocolId == ProtocolId.ESP && transforms.stream().noneMatch(t -> t.type() == Algorithms.TYPE_ESN)) {
                transforms.add(Transform.of(Algorithms.TYPE_ESN, Algorithms.ESN_NO));
            }
            proposals.add(new Proposal(number++, protocolId, spi, transforms));
        }
        return proposals;
    }

    /**
     * Builds the ESP proposals of a CREATE_CHILD_SA request. With PFS, every proposal names
     * {@code group} first, the group our KE payload uses; without, no proposal names one.
     */
    static List<Proposal> offerChild(List<ProposalSpec> specs, byte[] spi, int group) {
        List<Proposal> proposals = new ArrayList<>();
        for (Proposal proposal : offer(specs, ProtocolId.ESP, spi)) {
            if (group == Algorithms.NONE) {
                proposals.add(proposal);
                continue;
            }
            List<Transform> transforms = new ArrayList<>(proposal.transforms());
            transforms.add(Transform.of(Algorithms.TYPE_KE, group));
            for (ProposalSpec spec : specs) {
                for (TransformId id : spec.transforms()) {
                    boolean listed = transforms.stream().anyMatch(t -> t.type() == id.type() && t.id() == id.id());
                    if (id.type() == Algorithms.TYPE_KE && !listed) {
                        transforms.add(Transform.of(id.type(), id.id()));
                    }
                }
            }
            proposals.add(new Proposal(proposal.number(), ProtocolId.ESP, spi, transforms));
        }
        return proposals;
    }

    public void receive(byte[] datagram, IkeHeader header, InetSocketAddress from, InetSocketAddress to, long nowMillis) {
        if (!header.isResponse() || header.isInitiator()) {
            return;
        }
        if (phase == Phase.IKE_SA_INIT || phase == Phase.IKE_AUTH) {
            traffic = traffic.received(datagram.length);
        }
        IkeMessage message;
        try {
            message = IkeCodec.decode(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            LOG.debug("{} dropped a malformed response: {}", this, e.getMessage());
            return;
        }
        if (phase == Phase.IKE_SA_INIT && header.exchangeType() == ExchangeType.IKE_SA_INIT && header.messageId() == 0) {
            receiveInitResponse(datagram, message, nowMillis);
        } else if (phase == Phase.IKE_AUTH && header.exchangeType() == ExchangeType.IKE_AUTH && header.messageId() == 1
                && header.spiR() == spiR) {
            receiveAuthResponse(datagram, message, nowMillis);
        }
    }

    private void receiveInitResponse(byte[] datagram, IkeMessage response, long nowMillis) {
        events.exchangeCompleted(ExchangeType.IKE_SA_INIT, IkeEvents.Requester.OURS,
                events.nanoTime() - requestSentNanos);
        Optional<Notify> cookieNotify = response.notify(NotifyType.COOKIE);
        if (cookieNotify.isPresent()) {
            int length = cookieNotify.get().data().length;
            if (length < 1 || length > MAX_COOKIE_LENGTH) {
                // The response is not authenticated, so a malformed one is dropped rather than ending the attempt.
                LOG.debug("{} dropped a COOKIE of {} bytes; RFC 7296 §2.6 allows 1 to {}", this, length, MAX_COOKIE_LENGTH);
                return;
            }
            if (++initRetries > MAX_INIT_RETRIES) {
                fail(HandshakeFailure.COOKIE_REQUIRED, "responder keeps asking for a cookie");
                return;
            }
            cookie = cookieNotify.get().data();
            LOG.debug("{} responder requested a cookie, retrying", this);
            start(nowMillis);
            return;
        }
        Optional<Notify> invalidKe = response.notify(NotifyType.INVALID_KE_PAYLOAD);
        if (invalidKe.isPresent()) {
            retryWithGroup(response, nowMillis);
            return;
        }
        Optional<Notify> error = response.notifies().stream().filter(n -> NotifyType.isError(n.notifyType())).findFirst();
        if (error.isPresent()) {
            refusedWith = error.get().notifyType();
            fail(HandshakeFailure.ofNotify(error.get().notifyType()),
                    "IKE_SA_INIT refused with " + NotifyType.name(error.get().notifyType()));
            return;
        }

        Optional<SecurityAssociation> sa = response.first(SecurityAssociation.class);
        Optional<KeyExchange> ke = response.first(KeyExchange.class);
        Optional<Nonce> nonce = response.first(Nonce.class);
        if (sa.isEmpty() || ke.isEmpty() || nonce.isEmpty() || sa.get().proposals().size() != 1
                || response.header().spiR() == 0) {
            fail(HandshakeFailure.INVALID_SYNTAX, "IKE_SA_INIT response lacks SA, KE or Nr, or has more than one proposal");
            return;
        }
        Optional<SelectedProposal> chosen = ProposalSelector.select(sa.get().proposals(),
                ProposalCache.ike(connection.proposals()), ProtocolId.IKE, ProposalSelector.KeMode.REQUIRED);
        if (chosen.isEmpty() || chosen.get().keGroup() != keGroup || ke.get().group() != keGroup) {
            fail(HandshakeFailure.NO_PROPOSAL, "responder chose a proposal we did not offer");
            return;
        }

        byte[] sharedSecret;
        try {
            sharedSecret = ourKe.sharedSecret(ke.get().data());
        } catch (InvalidKeyExchangeException e) {
            fail(HandshakeFailure.INVALID_SYNTAX, "invalid key exchange value from the responder: " + e.getMessage());
            return;
        }
        spiR = response.header().spiR();
        proposal = chosen.get();
        nonceR = nonce.get().data();
        initResponse = datagram.clone();
        peerHashes = SignatureHashAlgorithms.announced(response);
        peerCertificateRequests = response.all(CertificateRequest.class);
        keys = IkeKeyMaterial.derive(proposal.ikeSuite(), sharedSecret, nonceI, nonceR, spiI, spiR);
        Arrays.fill(sharedSecret, (byte) 0);

        natDetected = NatDetection.present(response)
                && (NatDetection.peerBehindNat(response, spiI, spiR, remote)
                || NatDetection.localBehindNat(response, spiI, spiR, local));
        if (natDetected || local.getPort() == natPort) {
            local = new InetSocketAddress(local.getAddress(), natPort);
            remote = new InetSocketAddress(remote.getAddress(), remote.getPort() == 500 ? 4500 : remote.getPort());
        }
        sendAuthRequest(nowMillis);
    }

    private void retryWithGroup(IkeMessage response, long nowMillis) {
        int group = InvalidKePayload.requestedGroup(response);
        boolean offered = ProposalCache.ike(connection.proposals()).stream().flatMap(p -> p.transforms().stream())
                .anyMatch(t -> t.type() == Algorithms.TYPE_KE && t.id() == group);
        if (!offered || group == keGroup || ++initRetries > MAX_INIT_RETRIES) {
            fail(HandshakeFailure.INVALID_KE, "INVALID_KE_PAYLOAD requests group " + group + ", which we did not offer");
            return;
        }
        LOG.info("{} responder requested key exchange group {}, retrying", this, Algorithms.name(Algorithms.TYPE_KE, group, 0));
        keGroup = group;
        start(nowMillis);
    }

    // ------------------------------------------------------------------ IKE_AUTH

    private void sendAuthRequest(long nowMillis) {
        phase = Phase.IKE_AUTH;
        localId = AuthenticationRound.localIdentity(connection.local(), local);

        Identification idI = new Identification(true, localId.type(), localId.value());
        byte[] octets = keys.signedOctets(true, initRequest, nonceR, idI.body());
        List<Payload> ourAuth;
        try {
            ourAuth = AuthenticationRound.ourPayloads(connection.local(), settings.secrets(), keys, localId,
                    connection.remote().id(), peerHashes, peerCertificateRequests, octets);
        } catch (IllegalArgumentException e) {
            fail(HandshakeFailure.AUTH_FAILED, "cannot authenticate as '" + localId + "': " + e.getMessage());
            return;
        }

        // HDR, SK {IDi, [CERT,] [CERTREQ,] [IDr,] AUTH, SAi2, TSi, TSr} as RFC 7296 §1.2 orders them.
        List<Payload> payloads = new ArrayList<>();
        payloads.add(idI);
        payloads.addAll(ourAuth.subList(0, ourAuth.size() - 1));
        PublicKeyAuthentication.certificateRequest(connection.remote()).ifPresent(payloads::add);
        // No INITIAL_CONTACT (RFC 7296 2.4), because it asks the peer to drop every other IKE SA with us, and
        // another node of the cluster may hold one with this peer.
        if (!connection.remote().id().isAny()) {
            IkeIdentity peer = connection.remote().id();
            payloads.add(new Identification(false, peer.type(), peer.value()));
        }
        payloads.add(ourAuth.get(ourAuth.size() - 1));
        if (configurationRequest != null) {
            payloads.add(configurationRequest);
        }
        if (child != null) {
            childInboundSpi = spis.newChildSpi();
            if ("transport".equals(child.mode())) {
                payloads.add(Notify.of(NotifyType.USE_TRANSPORT_MODE));
            }
            payloads.add(new SecurityAssociation(offer(ProposalCache.esp(child.espProposals()), ProtocolId.ESP,
                    ChildSaNegotiation.spiBytes(childInboundSpi))));
            payloads.add(new TrafficSelectors(true, resolve(child.localTs(), local)));
            payloads.add(new TrafficSelectors(false, resolve(child.remoteTs(), remote)));
        }

        IkeHeader header = new IkeHeader(spiI, spiR, 0, 2, 0, ExchangeType.IKE_AUTH, IkeHeader.FLAG_INITIATOR, 1, 0);
        SkCipherHolder ciphers = new SkCipherHolder(keys);
        this.ciphers = ciphers;
        sendRequest(SkMessages.protect(header, payloads, ciphers.initiator), nowMillis);
    }

    /** Keeps one cipher object per direction for the handshake. Their AEAD IV counters live in the key material. */
    private record SkCipherHolder(org.ikec.protocol.crypto.SkCipher initiator, org.ikec.protocol.crypto.SkCipher responder) {
        SkCipherHolder(IkeKeyMaterial keys) {
            this(keys.initiatorCipher(), keys.responderCipher());
        }
    }

    private SkCipherHolder ciphers;

    private static List<TrafficSelector> resolve(List<TrafficSelectorSpec> specs, InetSocketAddress dynamic) {
        List<TrafficSelectorSpec> resolved = specs.stream().map(s -> s.resolve(dynamic.getAddress())).toList();
        return TrafficSelectorNarrowing.toWire(resolved);
    }

    private void receiveAuthResponse(byte[] datagram, IkeMessage outer, long nowMillis) {
        Encrypted sk = outer.first(Encrypted.class).orElse(null);
        if (sk == null) {
            return;
        }
        List<Payload> inner;
        try {
            inner = SkMessages.open(datagram, sk, ciphers.responder());
        } catch (IntegrityCheckFailedException | MalformedMessageException e) {
            LOG.debug("{} dropped an IKE_AUTH response: {}", this, e.getMessage());
            return;
        }
        IkeMessage response = new IkeMessage(outer.header(), inner);
        events.exchangeCompleted(ExchangeType.IKE_AUTH, IkeEvents.Requester.OURS,
                events.nanoTime() - requestSentNanos);

        Optional<Notify> error = response.notifies().stream()
                .filter(n -> NotifyType.isError(n.notifyType()) && n.notifyType() != NotifyType.NO_PROPOSAL_CHOSEN
                        && n.notifyType() != NotifyType.TS_UNACCEPTABLE && n.notifyType() != NotifyType.SINGLE_PAIR_REQUIRED
                        && n.notifyType() != NotifyType.INTERNAL_ADDRESS_FAILURE
                        && n.notifyType() != NotifyType.FAILED_CP_REQUIRED)
                .findFirst();
        if (error.isPresent()) {
            refusedWith = error.get().notifyType();
            fail(HandshakeFailure.ofNotify(error.get().notifyType()),
                    "IKE_AUTH refused with " + NotifyType.name(error.get().notifyType()));
            return;
        }

        Optional<Identification> idR = response.all(Identification.class).stream().filter(id -> !id.initiator()).findFirst();
        Optional<Authentication> auth = response.first(Authentication.class);
        if (idR.isEmpty() || auth.isEmpty()) {
            fail(HandshakeFailure.INVALID_SYNTAX, "IKE_AUTH response lacks IDr or AUTH");
            return;
        }
        IkeIdentity peerId = new IkeIdentity(idR.get().idType(), idR.get().data());
        if (!connection.remote().id().matches(peerId)) {
            fail(HandshakeFailure.AUTH_FAILED,
                    "responder identified as '" + peerId + "', expected '" + connection.remote().id() + "'");
            return;
        }
        byte[] octets = keys.signedOctets(false, initResponse, nonceI, idR.get().body());
        AuthenticationRound.PeerCheck check = AuthenticationRound.verifyPeer(connection.remote(), settings.secrets(),
                keys, localId, peerId, response, auth.get(), octets, nowMillis);
        if (check.isRejected()) {
            fail(HandshakeFailure.AUTH_FAILED, "authentication of the responder failed: " + check.rejection());
            return;
        }

        configurationReply = response.first(Configuration.class)
                .filter(cp -> cp.cfgType() == ConfigType.CFG_REPLY).orElse(null);
        IkeSa sa = new IkeSa(settings, listener, spis, true, spiI, spiR, proposal, keys, nonceI, nonceR,
                local, remote, natDetected, nowMillis);
        sa.peerSignatureKey = check.signatureKey();
        sa.startAsInitiator(connection, localId, peerId, nowMillis);
        sa.carryTraffic(traffic);
        phase = Phase.DONE;
        lastRequest = null;
        result = sa;
        sa.established(nowMillis);
        events.handshakeCompleted(IkeEvents.Role.INITIATOR);

        if (child != null) {
            installChild(sa, response, nowMillis);
        }
    }

    private void installChild(IkeSa sa, IkeMessage response, long nowMillis) {
        Optional<Notify> childError = response.notifies().stream()
                .filter(n -> NotifyType.isError(n.notifyType())).findFirst();
        if (childError.isPresent()) {
            LOG.warn("{} CHILD SA {} refused with {}", sa, child.name(), NotifyType.name(childError.get().notifyType()));
            events.childSaFailed(IkeEvents.Role.INITIATOR, HandshakeFailure.ofNotify(childError.get().notifyType()));
            return;
        }
        Optional<SecurityAssociation> accepted = response.first(SecurityAssociation.class);
        List<TrafficSelector> tsI = ChildSaNegotiation.selectors(response, true);
        List<TrafficSelector> tsR = ChildSaNegotiation.selectors(response, false);
        Optional<SelectedProposal> chosen = accepted.flatMap(a -> ProposalSelector.select(a.proposals(),
                ProposalCache.esp(child.espProposals()), ProtocolId.ESP, ProposalSelector.KeMode.IGNORED));
        if (chosen.isEmpty() || chosen.get().peerSpi().length != 4 || tsI.isEmpty() || tsR.isEmpty()) {
            LOG.warn("{} CHILD SA {} in the IKE_AUTH response is invalid; no CHILD SA installed", sa, child.name());
            events.childSaFailed(IkeEvents.Role.INITIATOR, HandshakeFailure.INVALID_SYNTAX);
            return;
        }
        ChildKeys childKeys = keys.deriveChildKeys(chosen.get().childSuite(), null, nonceI, nonceR);
        boolean transport = response.notify(NotifyType.USE_TRANSPORT_MODE).isPresent();
        ChildSa childSa = new ChildSa(child, childInboundSpi, ChildSaNegotiation.spiOf(chosen.get().peerSpi()),
                chosen.get().childSuite(), chosen.get().describe(), transport, false, tsI, tsR, childKeys, nowMillis,
                IkeSa.jittered(nowMillis, child.rekeyTime(), child.randTime()),
                child.lifeTime().isZero() ? Long.MAX_VALUE : nowMillis + child.lifeTime().toMillis());
        sa.addChild(childSa);
    }

    // ------------------------------------------------------------------ retransmission and failure

    private void sendRequest(byte[] datagram, long nowMillis) {
        lastRequest = datagram;
        retransmits = 0;
        retransmitAtMillis = nowMillis + settings.retransmitTimeout().toMillis();
        traffic = traffic.sent(datagram.length);
        requestSentNanos = events.nanoTime();
        listener.send(datagram, local, remote);
    }

    public void onTimer(long nowMillis) {
        if (lastRequest == null || nowMillis < retransmitAtMillis) {
            return;
        }
        if (++retransmits > settings.retransmitTries()) {
            fail(HandshakeFailure.TIMEOUT,
                    "no answer to " + phase + " after " + settings.retransmitTries() + " retransmissions");
            return;
        }
        double delay = settings.retransmitTimeout().toMillis() * Math.pow(settings.retransmitBase(), retransmits);
        retransmitAtMillis = nowMillis + (long) delay;
        LOG.debug("{} retransmitting {} request, try {}", this, phase, retransmits);
        traffic = traffic.sent(lastRequest.length);
        listener.send(lastRequest, local, remote);
        events.retransmitted(phase == Phase.IKE_SA_INIT ? ExchangeType.IKE_SA_INIT : ExchangeType.IKE_AUTH);
    }

    public long nextDeadline() {
        return lastRequest == null ? Long.MAX_VALUE : retransmitAtMillis;
    }

    private void fail(HandshakeFailure failure, String reason) {
        phase = Phase.FAILED;
        this.failure = failure;
        lastRequest = null;
        if (keys != null) {
            keys.destroy();
        }
        LOG.warn("{} initiating connection {} to {} failed: {}", this, connection.name(), remote, reason);
        events.handshakeFailed(IkeEvents.Role.INITIATOR, failure);
    }

    /** Sends {@code request}, a CFG_REQUEST (RFC 7296 §3.15), with IKE_AUTH; call before {@link #start}. */
    public void requestConfiguration(Configuration request) {
        configurationRequest = request;
    }

    /** Returns the responder's CFG_REPLY in the IKE_AUTH response, or null when it sent none. */
    public Configuration configurationReply() {
        return configurationReply;
    }

    /** Returns the IKE SA once IKE_AUTH completed. */
    public Optional<IkeSa> result() {
        return Optional.ofNullable(result);
    }

    public boolean isFailed() {
        return phase == Phase.FAILED;
    }

    /** Returns why the handshake failed, once it has. */
    public Optional<HandshakeFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Returns the error notify type with which the responder refused the handshake, or 0 when it did not refuse it. */
    public int refusedWith() {
        return refusedWith;
    }

    public boolean isDone() {
        return phase == Phase.DONE || phase == Phase.FAILED;
    }

    public long spiI() {
        return spiI;
    }

    @Override
    public String toString() {
        return connection.name() + "[" + String.format("%016x_i %016x_r", spiI, spiR) + " "
                + remote.getAddress().getHostAddress() + "]";
    }
}
