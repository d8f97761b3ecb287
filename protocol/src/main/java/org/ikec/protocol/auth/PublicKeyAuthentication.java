package org.ikec.protocol.auth;

import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.wire.AuthMethod;
import org.ikec.protocol.wire.Authentication;
import org.ikec.protocol.wire.Certificate;
import org.ikec.protocol.wire.CertificateRequest;

/**
 * Certificate authentication for either role of IKE_AUTH (RFC 7296 §2.15, RFC 7427): checks the
 * peer's CERT payloads, identity and AUTH signature, and builds our CERT and AUTH payloads.
 * Only the signed octets reach this class, never the SK_* keys.
 */
public final class PublicKeyAuthentication {

    /** The outcome of checking the peer. */
    public sealed interface Verdict {
        /** The peer proved its identity with {@code certificate}'s key. */
        record Accepted(X509Certificate certificate, String scheme) implements Verdict {
        }

        /** The peer is refused; {@code reason} starts with the kind of failure and is safe to log. */
        record Rejected(String reason) implements Verdict {
        }
    }

    private PublicKeyAuthentication() {
    }

    // ------------------------------------------------------------------ the peer

    /**
     * Checks the peer: its AUTH method, the certificate chain against {@code remote}'s CAs and CRLs,
     * that the certificate names {@code peerId}, and the signature over {@code signedOctets}.
     */
    public static Verdict verifyPeer(AuthConfig remote, IkeIdentity peerId, List<Certificate> certPayloads,
                                     Authentication auth, byte[] signedOctets, long nowMillis) {
        Optional<SignatureAuthentication.Parsed> parsed = SignatureAuthentication.parse(auth);
        if (parsed.isEmpty()) {
            return new Verdict.Rejected("unsupported signature: AUTH method " + AuthMethod.name(auth.method())
                    + " with an algorithm that is not supported");
        }
        List<X509Certificate> certificates;
        try {
            certificates = CertificatePayloads.parse(certPayloads);
        } catch (CertificateException e) {
            return new Verdict.Rejected("invalid certificate: a CERT payload is not a DER X.509 certificate ("
                    + e.getMessage() + ")");
        }
        if (certificates.isEmpty() && !certPayloads.isEmpty()) {
            return new Verdict.Rejected("no certificate: '" + peerId + "' sent CERT payloads only in encodings "
                    + certPayloads.stream().map(c -> Integer.toString(c.encoding())).distinct().toList()
                    + ", which are not supported; only X.509 signature certificates (4) are");
        }
        if (certificates.isEmpty()) {
            return new Verdict.Rejected("no certificate: '" + peerId + "' sent no X.509 CERT payload");
        }

        X509Certificate certificate = certificates.get(0);
        Optional<String> chainProblem = ChainValidator.check(certificates, remote.caCerts(), remote.crls(), nowMillis);
        if (chainProblem.isPresent()) {
            return new Verdict.Rejected(chainProblem.get());
        }
        if (!CertificateIdentity.matches(certificate, peerId)) {
            return new Verdict.Rejected("identity mismatch: '" + peerId + "' is neither a subjectAltName nor the"
                    + " subject of certificate '" + ChainValidator.subject(certificate) + "'");
        }
        if (!SignatureAuthentication.verify(parsed.get(), certificate.getPublicKey(), signedOctets)) {
            return new Verdict.Rejected("bad signature: the " + parsed.get().scheme().describe() + " AUTH of '"
                    + peerId + "' does not verify with the key of certificate '"
                    + ChainValidator.subject(certificate) + "'");
        }
        return new Verdict.Accepted(certificate, parsed.get().scheme().describe());
    }

    /** Returns the CERTREQ naming the CAs {@code remote} trusts, or empty when it trusts none. */
    public static Optional<CertificateRequest> certificateRequest(AuthConfig remote) {
        return remote.usesSignatures() ? CertificatePayloads.request(remote.caCerts()) : Optional.empty();
    }

    // ------------------------------------------------------------------ our side

    /** Returns our identity: the configured one, or the subject of our certificate for {@code %any}. */
    public static Optional<IkeIdentity> localIdentity(AuthConfig local) {
        if (local.id() != null && !local.id().isAny()) {
            return Optional.of(local.id());
        }
        if (local.usesSignatures() && !local.certs().isEmpty()) {
            return Optional.of(IkeIdentity.of(local.certs().get(0).getSubjectX500Principal()));
        }
        return Optional.empty();
    }

    /** Returns the CERT payloads to send: our chain, unless {@code send_cert} is never or the peer sent no request. */
    public static List<Certificate> certificatesToSend(AuthConfig local, List<CertificateRequest> peerRequests) {
        boolean send = switch (local.sendCert()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case IF_ASKED -> CertificatePayloads.requested(peerRequests);
        };
        return send ? CertificatePayloads.certificates(local.certs()) : List.of();
    }

    /**
     * Signs {@code signedOctets} with the private key of our certificate, choosing the scheme from
     * the hashes the peer announced.
     *
     * @throws IllegalArgumentException naming what is missing: a certificate, its private key, or a shared hash
     */
    public static Authentication sign(AuthConfig local, SecretStore secrets, List<Integer> peerHashes,
                                      byte[] signedOctets) {
        if (local.certs().isEmpty()) {
            throw new IllegalArgumentException("no local certificate is configured for " + local.method()
                    + " authentication");
        }
        X509Certificate certificate = local.certs().get(0);
        PrivateKey key = secrets.privateKey(certificate.getPublicKey()).orElseThrow(() -> new IllegalArgumentException(
                "no private key in the secrets for certificate '" + ChainValidator.subject(certificate) + "'"));
        SignatureScheme scheme = SignatureScheme.forSigning(key, AuthConfig.RSA_PSS.equals(local.method()), peerHashes);
        return SignatureAuthentication.sign(scheme, key, signedOctets);
    }
}
