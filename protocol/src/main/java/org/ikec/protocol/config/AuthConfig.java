package org.ikec.protocol.config;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One side's authentication round, as swanctl's {@code local} and {@code remote} sections.
 *
 * @param method {@link #PSK}, {@link #PUBKEY}, {@link #RSA_PSS}, or on the remote side {@link #EAP_MSCHAPV2},
 *               {@link #EAP_TLS}, {@link #EAP} or {@link #EAP_RADIUS}
 * @param id the identity sent (local) or accepted (remote); {@link IkeIdentity#ANY} for {@code %any}
 * @param certs local: our end-entity certificate first, then intermediates sent along with it;
 *              remote: unused
 * @param caCerts remote: the CAs a peer's certificate must chain to; local: unused
 * @param crls remote: revocation lists checked against every certificate of the peer's chain
 * @param sendCert local: when CERT payloads go out (swanctl's {@code send_cert})
 * @param eapId remote with EAP: the EAP identity the peer must use (swanctl's {@code eap_id}), or
 *              {@code %any} to ask the peer for it; unused otherwise
 */
public record AuthConfig(String method, IkeIdentity id, List<X509Certificate> certs, List<X509Certificate> caCerts,
                         List<X509CRL> crls, SendCert sendCert, String eapId) {

    public static final String PSK = "psk";
    /** Signatures with a certificate's key: RSA PKCS#1 v1.5, ECDSA or Ed25519, by key type. */
    public static final String PUBKEY = "pubkey";
    /** As {@link #PUBKEY}, but an RSA key signs with RSASSA-PSS. */
    public static final String RSA_PSS = "rsa/pss";
    /** EAP-MSCHAPv2 inside IKE_AUTH (RFC 7296 §2.16), with the peer's password from the local EAP secrets. */
    public static final String EAP_MSCHAPV2 = "eap-mschapv2";
    /** EAP-TLS inside IKE_AUTH (RFC 5216): the peer's certificate must chain to {@code cacerts}. */
    public static final String EAP_TLS = "eap-tls";
    /** Generic EAP, which runs {@link #EAP_MSCHAPV2}. */
    public static final String EAP = "eap";
    /** EAP passed through to a RADIUS server (RFC 3579), which picks the EAP method. */
    public static final String EAP_RADIUS = "eap-radius";
    /** The {@code eap_id} that accepts any EAP identity, asked for with an EAP Identity Request. */
    public static final String ANY_EAP_ID = "%any";

    /** When our certificate is sent, as swanctl's {@code send_cert} values. */
    public enum SendCert {
        /** Only when the peer sent a CERTREQ payload. */
        IF_ASKED,
        ALWAYS,
        NEVER
    }

    public AuthConfig {
        eapId = eapId == null ? ANY_EAP_ID : eapId;
        certs = List.copyOf(certs);
        caCerts = List.copyOf(caCerts);
        crls = List.copyOf(crls);
    }

    /** Creates a round without certificates, as pre-shared key authentication needs. */
    public AuthConfig(String method, IkeIdentity id) {
        this(method, id, List.of(), List.of(), List.of(), SendCert.IF_ASKED);
    }

    /** Creates a round without EAP. */
    public AuthConfig(String method, IkeIdentity id, List<X509Certificate> certs, List<X509Certificate> caCerts,
                      List<X509CRL> crls, SendCert sendCert) {
        this(method, id, certs, caCerts, crls, sendCert, ANY_EAP_ID);
    }

    /** Describes the round by method, identity and certificate subjects, without the certificates' full text. */
    @Override
    public String toString() {
        return "AuthConfig[" + method + " " + id + (usesEap() ? " eap_id=" + eapId : "") + (certs.isEmpty() ? "" : " certs=" + subjects(certs))
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

    /** Tells whether the peer authenticates with EAP inside IKE_AUTH, sending no AUTH payload of its own first. */
    public boolean usesEap() {
        return isEap(method);
    }

    /** Tells whether {@code method} names an EAP method: eap-mschapv2, eap-tls, eap or eap-radius. */
    public static boolean isEap(String method) {
        return EAP_MSCHAPV2.equals(method) || EAP.equals(method) || EAP_RADIUS.equals(method)
                || EAP_TLS.equals(method);
    }
}
