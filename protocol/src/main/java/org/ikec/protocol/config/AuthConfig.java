package org.ikec.protocol.config;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One side's authentication round, as swanctl's {@code local} and {@code remote} sections.
 *
 * @param method {@link #PSK}, {@link #PUBKEY} or {@link #RSA_PSS}
 * @param id the identity sent (local) or accepted (remote); {@link IkeIdentity#ANY} for {@code %any}
 * @param certs local: our end-entity certificate first, then intermediates sent along with it;
 *              remote: unused
 * @param caCerts remote: the CAs a peer's certificate must chain to; local: unused
 * @param crls remote: revocation lists checked against every certificate of the peer's chain
 * @param sendCert local: when CERT payloads go out (swanctl's {@code send_cert})
 */
public record AuthConfig(String method, IkeIdentity id, List<X509Certificate> certs, List<X509Certificate> caCerts,
                         List<X509CRL> crls, SendCert sendCert) {

    public static final String PSK = "psk";
    /** Signatures with a certificate's key: RSA PKCS#1 v1.5, ECDSA or Ed25519, by key type. */
    public static final String PUBKEY = "pubkey";
    /** As {@link #PUBKEY}, but an RSA key signs with RSASSA-PSS. */
    public static final String RSA_PSS = "rsa/pss";

    /** When our certificate is sent, as swanctl's {@code send_cert} values. */
    public enum SendCert {
        /** Only when the peer sent a CERTREQ payload. */
        IF_ASKED,
        ALWAYS,
        NEVER
    }

    public AuthConfig {
        certs = List.copyOf(certs);
        caCerts = List.copyOf(caCerts);
        crls = List.copyOf(crls);
    }

    /** Creates a round without certificates, as pre-shared key authentication needs. */
    public AuthConfig(String method, IkeIdentity id) {
        this(method, id, List.of(), List.of(), List.of(), SendCert.IF_ASKED);
    }

    /** Describes the round by method, identity and certificate subjects, without the certificates' full text. */
    @Override
    public String toString() {
        return "AuthConfig[" + method + " " + id + (certs.isEmpty() ? "" : " certs=" + subjects(certs))
                + (caCerts.isEmpty() ? "" : " cacerts=" + subjects(caCerts))
                + (crls.isEmpty() ? "" : " crls=" + crls.size()) + "]";
    }

    private static List<String> subjects(List<X509Certificate> certificates) {
        return certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
    }

    /** Tells whether this round authenticates with signatures (AUTH methods 1, 9 to 11 and 14). */
    public boolean usesSignatures() {
        return PUBKEY.equals(method) || RSA_PSS.equals(method);
    }
}
