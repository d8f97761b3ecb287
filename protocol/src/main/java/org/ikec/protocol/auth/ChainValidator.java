package org.ikec.protocol.auth;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a peer's certificate chain, which RFC 7296 §2.15 leaves to local policy. The end-entity
 * certificate and the intermediates the peer sent must chain to one of our CAs. Each must be
 * valid at the given time and not revoked by a configured CRL. Bouncy Castle's PKIX
 * CertPathValidator checks signatures, names and basic constraints; dates and CRLs are checked
 * here first, so each failure has its own reason.
 *
 * <p>NOTE: a CRL is used only when its signature verifies with the issuer's key; a certificate
 * whose issuer has no CRL configured counts as not revoked, as strongSwan's default does. CRL
 * next-update dates are not enforced.
 */
public final class ChainValidator {

    /** The maximum number of certificates followed from the end-entity certificate to a trusted CA. */
    private static final int MAX_CHAIN_LENGTH = 8;

    private ChainValidator() {
    }

    /**
     * Returns why the chain is not accepted, or empty when it is.
     *
     * @param received the peer's certificates, the end-entity certificate first
     */
    public static Optional<String> check(List<X509Certificate> received, List<X509Certificate> trustedCas,
                                         List<X509CRL> crls, long nowMillis) {
        Date now = new Date(nowMillis);
        List<X509Certificate> chain = orderChain(received, trustedCas);

        for (X509Certificate certificate : chain) {
            Optional<String> dateProblem = checkDates(certificate, now);
            if (dateProblem.isPresent()) {
                return dateProblem;
            }
        }

        Optional<String> untrusted = checkPath(chain, trustedCas, now);
        if (untrusted.isPresent()) {
            return untrusted;
        }

        for (int i = 0; i < chain.size(); i++) {
            PublicKey issuerKey = i + 1 < chain.size() ? chain.get(i + 1).getPublicKey()
                    : issuerOf(chain.get(i), trustedCas).map(X509Certificate::getPublicKey).orElse(null);
            Optional<String> revoked = checkRevocation(chain.get(i), issuerKey, crls);
            if (revoked.isPresent()) {
                return revoked;
            }
        }
        return Optional.empty();
    }

    /** Follows issuer names from the end-entity certificate through the intermediates until a trusted CA issued one. */
    private static List<X509Certificate> orderChain(List<X509Certificate> received, List<X509Certificate> trustedCas) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(received.get(0));
        List<X509Certificate> intermediates = received.subList(1, received.size());
        while (chain.size() < MAX_CHAIN_LENGTH) {
            X509Certificate last = chain.get(chain.size() - 1);
            if (issuerOf(last, trustedCas).isPresent()) {
                break;
            }
            Optional<X509Certificate> next = intermediates.stream()
                    .filter(c -> !chain.contains(c) && c.getSubjectX500Principal().equals(last.getIssuerX500Principal()))
                    .findFirst();
            if (next.isEmpty()) {
                break;
            }
            chain.add(next.get());
        }
        return chain;
    }

    private static Optional<X509Certificate> issuerOf(X509Certificate certificate, List<X509Certificate> cas) {
        return cas.stream().filter(ca -> ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()))
                .findFirst();
    }

    private static Optional<String> checkDates(X509Certificate certificate, Date now) {
        try {
            certificate.checkValidity(now);
            return Optional.empty();
        } catch (CertificateExpiredException e) {
            return Optional.of("certificate '" + subject(certificate) + "' expired on "
                    + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return Optional.of("certificate '" + subject(certificate) + "' is not valid before "
                    + certificate.getNotBefore().toInstant());
        }
    }

    private static Optional<String> checkPath(List<X509Certificate> chain, List<X509Certificate> trustedCas, Date now) {
        if (trustedCas.isEmpty()) {
            return Optional.of("untrusted CA: no CA certificate is configured to check '" + subject(chain.get(0)) + "'");
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : trustedCas) {
            anchors.add(new TrustAnchor(ca, null));
        }
        try {
            CertPath path = CertificateFactory.getInstance("X.509", SignatureScheme.PROVIDER).generateCertPath(chain);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setDate(now);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX", SignatureScheme.PROVIDER).validate(path, parameters);
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.of("untrusted CA: certificate '" + subject(chain.get(0)) + "' issued by '"
                    + chain.get(chain.size() - 1).getIssuerX500Principal().getName() + "' does not chain to a"
                    + " configured CA (" + e.getMessage() + ")");
        }
    }

    private static Optional<String> checkRevocation(X509Certificate certificate, PublicKey issuerKey, List<X509CRL> crls) {
        for (X509CRL crl : crls) {
            if (issuerKey == null || !crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())
                    || !signedBy(crl, issuerKey)) {
                continue;
            }
            X509CRLEntry entry = crl.getRevokedCertificate(certificate);
            if (entry != null) {
                return Optional.of("certificate '" + subject(certificate) + "' (serial "
                        + certificate.getSerialNumber().toString(16) + ") was revoked on "
                        + entry.getRevocationDate().toInstant());
            }
        }
        return Optional.empty();
    }

    private static boolean signedBy(X509CRL crl, PublicKey issuerKey) {
        try {
            crl.verify(issuerKey, SignatureScheme.PROVIDER);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
