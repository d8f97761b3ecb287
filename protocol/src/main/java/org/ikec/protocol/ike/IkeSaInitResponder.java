package org.ikec.protocol.ike;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.auth.CertificatePayloads;
import org.ikec.protocol.auth.SignatureHashAlgorithms;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.crypto.IkeKeyMaterial;
import org.ikec.protocol.crypto.InvalidKeyExchangeException;
import org.ikec.protocol.crypto.KeyExchange;
import org.ikec.protocol.crypto.KeyExchanges;
import org.ikec.protocol.crypto.ProposalSpec;
import org.ikec.protocol.crypto.SecureRandoms;
import org.ikec.protocol.wire.CertificateRequest;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Nonce;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.ProtocolId;
import org.ikec.protocol.wire.SecurityAssociation;
import org.slf4j.Logger;

/**
 * The responder's half of IKE_SA_INIT (RFC 7296 §1.2): choose a proposal, check the key exchange
 * group (§1.3 INVALID_KE_PAYLOAD), make our key exchange value and nonce, detect NATs (§2.23), and
 * derive the keys (§2.14). When the peer supports RFC 7427 we announce our signature hashes
 * (§4), and we request certificates from the CAs that candidate connections trust. Refusals get a response without any state being kept.
 */
public final class IkeSaInitResponder {

    private static final Logger LOG = IkeSa.LOG;
    private static final int NONCE_LENGTH = 32;
    private static final LogLimiter REFUSAL_LOG = new LogLimiter();

    /** The outcome of an IKE_SA_INIT request. */
    public sealed interface Outcome {
        /** A new IKE SA sent the response. */
        record Created(IkeSa sa) implements Outcome {
        }

        /** A stateless response was sent; {@code reason} names the notify for counting. */
        record Refused(String reason, HandshakeFailure failure) implements Outcome {
        }

        /** Nothing was sent. */
        record Dropped(String reason) implements Outcome {
        }
    }

    private IkeSaInitResponder() {
    }

    /**
     * Responds to {@code request}, which arrived from {@code remote} at {@code local}; {@code spiR} is
     * the SPI the cluster derived for this peer.
     */
    public static Outcome respond(IkeMessage request, byte[] datagram, long spiR, InetSocketAddress local,
                                  InetSocketAddress remote, IkeSettings settings, IkeSaListener listener,
                                  SpiSource spis, long nowMillis) {
        IkeEvents events = listener.events();
        long arrivedNanos = events.nanoTime();

        Outcome outcome = answer(request, datagram, spiR, local, remote, settings, listener, spis, nowMillis);

        if (outcome instanceof Outcome.Dropped) {
            return outcome;
        }
        events.handshakeStarted(IkeEvents.Role.RESPONDER);
        events.exchangeCompleted(ExchangeType.IKE_SA_INIT, IkeEvents.Requester.THEIRS,
                events.nanoTime() - arrivedNanos);
        if (outcome instanceof Outcome.Refused refused) {
            events.handshakeFailed(IkeEvents.Role.RESPONDER, refused.failure());
        }
        return outcome;
    }

    private static Outcome answer(IkeMessage request, byte[] datagram, long spiR, InetSocketAddress local,
                                  InetSocketAddress remote, IkeSettings settings, IkeSaListener listener,
                                  SpiSource spis, long nowMillis) {
        IkeHeader header = request.header();
        if (header.exchangeType() != ExchangeType.IKE_SA_INIT || header.isResponse() || !header.isInitiator()
                || header.messageId() != 0 || header.spiI() == 0 || header.spiR() != 0) {
            return new Outcome.Dropped("not an IKE_SA_INIT request");
        }

        Optional<SecurityAssociation> sa = request.first(SecurityAssociation.class);
        Optional<org.ikec.protocol.wire.KeyExchange> ke = request.first(org.ikec.protocol.wire.KeyExchange.class);
        Optional<Nonce> nonce = request.first(Nonce.class);
        if (sa.isEmpty() || ke.isEmpty() || nonce.isEmpty()) {
            return refuse(header, local, remote, listener, nowMillis, NotifyType.INVALID_SYNTAX, new byte[0],
                    "SA, KE or Ni payload missing");
        }

        List<ConnectionConfig> candidates = candidates(settings, local, remote);
        List<ProposalSpec> configured = new ArrayList<>();
        for (ConnectionConfig connection : candidates) {
            configured.addAll(ProposalCache.ike(connection.proposals()));
        }
        Optional<SelectedProposal> selected = ProposalSelector.select(sa.get().proposals(), configured,
                ProtocolId.IKE, ProposalSelector.KeMode.REQUIRED);
        if (selected.isEmpty()) {
            List<String> tried = candidates.stream().map(ConnectionConfig::name).toList();
            return refuse(header, local, remote, listener, nowMillis, NotifyType.NO_PROPOSAL_CHOSEN, new byte[0],
                    ProposalRefusal.describe(sa.get().proposals(), ProtocolId.IKE, tried,
                            ProposalSelector.KeMode.REQUIRED));
        }
        SelectedProposal chosen = selected.get();

        if (ke.get().group() != chosen.keGroup()) {
            byte[] group = InvalidKePayload.requesting(chosen.keGroup()).data();
            return refuse(header, local, remote, listener, nowMillis, NotifyType.INVALID_KE_PAYLOAD, group,
                    "peer sent a key exchange for group " + ke.get().group() + ", requesting group " + chosen.keGroup());
        }

        KeyExchange ourKe = KeyExchanges.create(chosen.keGroup(), settings.dhReuse(), nowMillis);
        byte[] sharedSecret;
        try {
            sharedSecret = ourKe.sharedSecret(ke.get().data());
        } catch (InvalidKeyExchangeException e) {
            return refuse(header, local, remote, listener, nowMillis, NotifyType.INVALID_SYNTAX, new byte[0],
                    "invalid key exchange value: " + e.getMessage());
        }

        byte[] nonceI = nonce.get().data();
        byte[] nonceR = SecureRandoms.nonce(NONCE_LENGTH);
        IkeKeyMaterial keys = IkeKeyMaterial.derive(chosen.ikeSuite(), sharedSecret, nonceI, nonceR, header.spiI(), spiR);
        Arrays.fill(sharedSecret, (byte) 0);

        boolean natDetected = NatDetection.present(request)
                && (NatDetection.peerBehindNat(request, header.spiI(), 0, remote)
                || NatDetection.localBehindNat(request, header.spiI(), 0, local));

        List<Payload> payloads = new ArrayList<>();
        payloads.add(new SecurityAssociation(List.of(chosen.toWire(new byte[0]))));
        payloads.add(new org.ikec.protocol.wire.KeyExchange(chosen.keGroup(), ourKe.publicValue()));
        payloads.add(new Nonce(nonceR));
        certificateRequest(candidates).ifPresent(payloads::add);
        if (NatDetection.present(request)) {
            payloads.addAll(NatDetection.notifies(header.spiI(), spiR, local, remote));
        }
        if (request.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS).isPresent()) {
            payloads.add(SignatureHashAlgorithms.announcement());
        }
        payloads.add(Notify.of(NotifyType.CHILDLESS_IKEV2_SUPPORTED));

        IkeHeader responseHeader = new IkeHeader(header.spiI(), spiR, 0, 2, 0, ExchangeType.IKE_SA_INIT,
                IkeHeader.FLAG_RESPONSE, 0, 0);
        byte[] response = IkeCodec.encode(new IkeMessage(responseHeader, payloads));

        IkeSa ikeSa = new IkeSa(settings, listener, spis, false, header.spiI(), spiR, chosen, keys, nonceI, nonceR,
                local, remote, natDetected, nowMillis);
        ikeSa.answeredInit(datagram.clone(), response);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} IKE_SA_INIT answered: {}{}", ikeSa, chosen.describe(), natDetected ? ", NAT detected" : "");
        }
        listener.send(response, local, remote);
        return new Outcome.Created(ikeSa);
    }

    /**
     * Returns a CERTREQ for the CAs of every candidate connection that authenticates peers with
     * certificates (RFC 7296 §3.7). All candidates count because only IKE_AUTH selects the connection.
     */
    private static Optional<CertificateRequest> certificateRequest(List<ConnectionConfig> candidates) {
        List<X509Certificate> trusted = candidates.stream().map(ConnectionConfig::remote)
                .filter(AuthConfig::usesSignatures).flatMap(remote -> remote.caCerts().stream()).distinct().toList();
        return CertificatePayloads.request(trusted);
    }

    /** Returns the connections that may serve a peer at {@code remote} reaching us at {@code local}. */
    static List<ConnectionConfig> candidates(IkeSettings settings, InetSocketAddress local, InetSocketAddress remote) {
        List<ConnectionConfig> result = new ArrayList<>();
        for (ConnectionConfig connection : settings.connections()) {
            if (matchesAddress(connection.localAddrs(), local) && matchesAddress(connection.remoteAddrs(), remote)) {
                result.add(connection);
            }
        }
        return result;
    }

    private static boolean matchesAddress(List<String> configured, InetSocketAddress address) {
        if (configured.isEmpty()) {
            return true;
        }
        for (String entry : configured) {
            // An address, a CIDR block or a range compares as numbers, so 2001:db8::2 matches however it is written.
            if (entry.equals("%any") || matchesCidr(entry, address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesCidr(String cidr, InetSocketAddress address) {
        try {
            var spec = org.ikec.protocol.config.TrafficSelectorSpec.parse(cidr);
            byte[] value = address.getAddress().getAddress();
            return value.length == spec.startAddress().length
                    && new java.math.BigInteger(1, value).compareTo(new java.math.BigInteger(1, spec.startAddress())) >= 0
                    && new java.math.BigInteger(1, value).compareTo(new java.math.BigInteger(1, spec.endAddress())) <= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Outcome refuse(IkeHeader request, InetSocketAddress local, InetSocketAddress remote,
                                  IkeSaListener listener, long nowMillis, int notifyType, byte[] data,
                                  String reason) {
        IkeHeader header = new IkeHeader(request.spiI(), 0, 0, 2, 0, ExchangeType.IKE_SA_INIT,
                IkeHeader.FLAG_RESPONSE, 0, 0);
        byte[] response = IkeCodec.encode(new IkeMessage(header, List.of(Notify.of(notifyType, data))));
        long heldBack = REFUSAL_LOG.permit(NotifyType.name(notifyType), nowMillis);
        if (heldBack >= 0) {
            LOG.warn("IKE_SA_INIT from {} with SPIi {} refused with {}: {}{}", remote,
                    String.format("%016x", request.spiI()), NotifyType.name(notifyType), reason,
                    heldBack > 0 ? " (" + heldBack + " more such refusals in the last 10 s were not logged)" : "");
        }
        listener.send(response, local, remote);
        return new Outcome.Refused(NotifyType.name(notifyType), HandshakeFailure.ofNotify(notifyType));
    }
}
