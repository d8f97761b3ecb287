package org.ikec.protocol.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.wire.Certificate;
import org.ikec.protocol.wire.CertificateRequest;

/**
 * CERT and CERTREQ payloads for X.509 certificates (RFC 7296 §3.6, §3.7). A CERT carries one DER
 * certificate with encoding 4. A CERTREQ carries the 20-byte SHA-1 hashes of the
 * SubjectPublicKeyInfo of every CA we trust, one after the other.
 */
public final class CertificatePayloads {

    /** Certificate encoding "X.509 Certificate - Signature" (RFC 7296 §3.6). */
    public static final int X509_SIGNATURE = 4;

    private CertificatePayloads() {
    }

    /** Returns one CERT payload per certificate, in the given order, the end-entity certificate first. */
    public static List<Certificate> certificates(List<X509Certificate> chain) {
        List<Certificate> payloads = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            try {
                payloads.add(new Certificate(X509_SIGNATURE, certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate '" + certificate.getSubjectX500Principal()
                        + "' cannot be DER encoded", e);
            }
        }
        return payloads;
    }

    /** Returns a CERTREQ naming {@code trustedCas}, or empty when there are none. */
    public static Optional<CertificateRequest> request(List<X509Certificate> trustedCas) {
        if (trustedCas.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream hashes = new ByteArrayOutputStream();
        for (X509Certificate ca : trustedCas) {
            hashes.writeBytes(keyHash(ca));
        }
        return Optional.of(new CertificateRequest(X509_SIGNATURE, hashes.toByteArray()));
    }

    /** Returns the SHA-1 hash of a certificate's DER SubjectPublicKeyInfo, as CERTREQ lists it. */
    public static byte[] keyHash(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(certificate.getPublicKey().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-1", e);
        }
    }

    /**
     * Tells whether the peer asked for X.509 certificates. Any CERTREQ with encoding 4 counts, even
     * one naming other CAs, because our chain may still lead to a CA the peer trusts by another key.
     */
    public static boolean requested(List<CertificateRequest> requests) {
        return requests.stream().anyMatch(request -> request.encoding() == X509_SIGNATURE);
    }

    /**
     * Parses the X.509 certificates of CERT payloads in their order. Payloads of other encodings
     * are skipped.
     * TODO(cert-encodings): "Hash and URL" certificates (encodings 12 and 13) are not fetched, so a
     * peer that sends only those is rejected for sending no certificate.
     *
     * @throws CertificateException when a payload with encoding 4 is not a DER certificate
     */
    public static List<X509Certificate> parse(List<Certificate> payloads) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509", SignatureScheme.PROVIDER);
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate payload : payloads) {
            if (payload.encoding() == X509_SIGNATURE) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(payload.data())));
            }
        }
        return certificates;
    }
}
