package org.ikec.protocol.ike;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.auth.PublicKeyAuthentication;
import org.ikec.protocol.auth.SignatureHashAlgorithms;
import org.ikec.protocol.auth.SignatureKey;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.crypto.IkeKeyMaterial;
import org.ikec.protocol.wire.AuthMethod;
import org.ikec.protocol.wire.Authentication;
import org.ikec.protocol.wire.Certificate;
import org.ikec.protocol.wire.CertificateRequest;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.MalformedMessageException;
import org.ikec.protocol.wire.Payload;

/**
 * The AUTH payloads of IKE_AUTH for both roles (RFC 7296 §2.15): a shared-key MIC for {@code psk},
 * CERT and a signature for {@code pubkey} and {@code rsa/pss} (RFC 7427). Each side uses the
 * method of its own {@link AuthConfig}, so the two methods may differ.
 */
final class AuthenticationRound {

    private AuthenticationRound() {
    }

    /** Tells whether a peer's AUTH method is one that the connection's {@code remote} round accepts. */
    static boolean accepts(AuthConfig remote, int authMethod) {
        if (authMethod == AuthMethod.PSK) {
            return AuthConfig.PSK.equals(remote.method());
        }
        return remote.usesSignatures();
    }

    /** Returns our identity: configured, else our certificate's subject, else our IP address. */
    static IkeIdentity localIdentity(AuthConfig local, InetSocketAddress localAddress) {
        return PublicKeyAuthentication.localIdentity(local).orElseGet(() -> {
            byte[] bytes = localAddress.getAddress().getAddress();
            return new IkeIdentity(bytes.length == 4 ? IkeIdentity.ID_IPV4_ADDR : IkeIdentity.ID_IPV6_ADDR, bytes);
        });
    }

    /** Returns the signature hashes the peer announced in its IKE_SA_INIT message (RFC 7427 §4). */
    static List<Integer> announcedHashes(byte[] peerInitMessage) {
        try {
            return SignatureHashAlgorithms.announced(IkeCodec.decode(peerInitMessage, 0, peerInitMessage.length));
        } catch (MalformedMessageException e) {
            return List.of();
        }
    }

    /**
     * The outcome of checking the peer's AUTH payload: why it failed, or, for a signature, the kind
     * of key that made it (null for a pre-shared key).
     */
    record PeerCheck(String rejection, SignatureKey signatureKey) {

        static PeerCheck rejected(String reason) {
            return new PeerCheck(reason, null);
        }

        boolean isRejected() {
            return rejection != null;
        }
    }

    /** Checks the peer's AUTH payload over {@code signedOctets}. */
    static PeerCheck verifyPeer(AuthConfig remote, SecretStore secrets, IkeKeyMaterial keys, IkeIdentity localId,
                                       IkeIdentity peerId, IkeMessage message, Authentication auth,
                                       byte[] signedOctets, long nowMillis) {
        if (!accepts(remote, auth.method())) {
            return PeerCheck.rejected("wrong method: '" + peerId + "' used " + AuthMethod.name(auth.method())
                    + ", the connection expects " + remote.method());
        }
        if (!remote.usesSignatures()) {
            Optional<byte[]> psk = secrets.sharedKey(localId, peerId);
            if (psk.isEmpty()) {
                return PeerCheck.rejected("no pre-shared key for '" + localId + "' - '" + peerId + "'");
            }
            if (!keys.verifySharedKeyAuthentication(psk.get(), signedOctets, auth.data())) {
                return PeerCheck.rejected("pre-shared key authentication of '" + peerId + "' failed");
            }
            return new PeerCheck(null, null);
        }

        PublicKeyAuthentication.Verdict verdict = PublicKeyAuthentication.verifyPeer(remote, peerId,
                message.all(Certificate.class), auth, signedOctets, nowMillis);
        if (verdict instanceof PublicKeyAuthentication.Verdict.Rejected rejected) {
            return PeerCheck.rejected(rejected.reason());
        }
        PublicKeyAuthentication.Verdict.Accepted accepted = (PublicKeyAuthentication.Verdict.Accepted) verdict;
        IkeSa.LOG.debug("'{}' authenticated with certificate '{}' and {}", peerId,
                accepted.certificate().getSubjectX500Principal().getName(), accepted.scheme());
        return new PeerCheck(null, SignatureKey.of(accepted.certificate().getPublicKey()));
    }

    /**
     * Returns our CERT payloads (when {@code send_cert} calls for them) and AUTH payload, in the order
     * RFC 7296 §1.2 lists them.
     *
     * @throws IllegalArgumentException when we cannot authenticate: no key, no certificate or no shared hash
     */
    static List<Payload> ourPayloads(AuthConfig local, SecretStore secrets, IkeKeyMaterial keys, IkeIdentity localId,
                                     IkeIdentity peerId, List<Integer> peerHashes,
                                     List<CertificateRequest> peerRequests, byte[] signedOctets) {
        List<Payload> payloads = new ArrayList<>();
        if (!local.usesSignatures()) {
            byte[] psk = secrets.sharedKey(localId, peerId).orElseThrow(() -> new IllegalArgumentException(
                    "no pre-shared key for '" + localId + "' - '" + peerId + "'"));
            payloads.add(new Authentication(AuthMethod.PSK, keys.sharedKeyAuthentication(psk, signedOctets)));
            return payloads;
        }

        Authentication auth = PublicKeyAuthentication.sign(local, secrets, peerHashes, signedOctets);
        payloads.addAll(PublicKeyAuthentication.certificatesToSend(local, peerRequests));
        payloads.add(auth);
        return payloads;
    }
}
