package org.ikec.protocol.eap.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.ikec.protocol.auth.CertificateIdentity;
import org.ikec.protocol.auth.ChainValidator;
import org.ikec.protocol.config.IkeIdentity;

/**
 * Checks an EAP-TLS client's certificate as IKE checks a peer's CERT payloads
 * ({@link ChainValidator}: dates, chain to a configured CA, CRLs), and that it names the peer's
 * EAP identity. The reason for a rejection is kept, because the TLS alert only names its kind.
 */
final class PeerCertificateCheck extends X509ExtendedTrustManager {

    private final List<X509Certificate> trustedCas;
    private final List<X509CRL> crls;
    private final LongSupplier clock;
    private IkeIdentity expectedIdentity;
    private String rejection;

    PeerCertificateCheck(List<X509Certificate> trustedCas, List<X509CRL> crls, LongSupplier clock) {
        this.trustedCas = List.copyOf(trustedCas);
        this.crls = List.copyOf(crls);
        this.clock = clock;
    }

    /** Sets the EAP identity the client's certificate must name, as a FQDN, email address, IP address or DN. */
    void expectIdentity(String eapIdentity) {
        expectedIdentity = IkeIdentity.parse(eapIdentity);
    }

    /** Returns why the client's certificate was refused, or empty. */
    Optional<String> rejection() {
        return Optional.ofNullable(rejection);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw reject("the client sent no certificate");
        }
        String subject = chain[0].getSubjectX500Principal().getName();

        Optional<String> problem = ChainValidator.check(Arrays.asList(chain), trustedCas, crls, clock.getAsLong());
        if (problem.isPresent()) {
            throw reject("client certificate '" + subject + "' not accepted: " + problem.get());
        }

        if (expectedIdentity != null && !CertificateIdentity.matches(chain[0], expectedIdentity)) {
            throw reject("client certificate '" + subject + "' does not name the EAP identity '"
                    + expectedIdentity + "'");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the EAP-TLS server checks no server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the EAP-TLS server checks no server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the EAP-TLS server checks no server certificates");
    }

    /** Names the configured CAs in the CertificateRequest, so a client picks a certificate they issued. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trustedCas.toArray(X509Certificate[]::new);
    }

    private CertificateException reject(String reason) {
        rejection = reason;
        return new CertificateException(reason);
    }
}
